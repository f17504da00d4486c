package dev.policygrad.ad;

import static org.objectweb.asm.Opcodes.*;

import dev.policygrad.ir.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * One generated method: bytecode helpers over the value array (local 0), the adjoint array (local 1)
 * and, in the reverse sweep, the caller's gradient array and offset (locals 2 and 3), where the
 * parameters' adjoints are written when {@link AdjointWrites#inGradient} says so; a running estimate
 * of the method's size (so {@link BytecodeCompiler} can split before
 * HotSpot's limit for JIT compilation), fresh double locals, and the reverse sweep's first writes:
 * an adjoint's first write assigns {@code 0.0 + contribution}, bit for bit what accumulating into a
 * cleared register computes, and under a condition the skipping path stores the 0 instead.
 */
final class MethodEmitter {

    static final int V = 0;
    static final int BAR = 1;
    static final int GRADIENT = 2;
    static final int OFFSET = 3;

    final MethodVisitor mv;
    int size;
    private int nextLocal;
    private final AdjointWrites writes;
    private final Function<Op, String> fields;
    /** Whether the code being emitted runs only when an adjoint is non-zero. */
    private boolean conditional;
    /** Adjoint registers first written inside the current conditional block. */
    private final List<Integer> firstWritesUnderCondition = new ArrayList<>();

    MethodEmitter(MethodVisitor mv, boolean withAdjoints, AdjointWrites writes, Function<Op, String> fields) {
        this.mv = mv;
        this.writes = writes;
        this.fields = fields;
        this.nextLocal = withAdjoints ? 4 : 1;
        mv.visitCode();
    }

    /** A fresh double local (two slots); locals are not reused, which keeps the verifier's view simple. */
    int local() {
        int l = nextLocal;
        nextLocal += 2;
        if (nextLocal > 60_000) throw new MethodTooLargeException(BytecodeCompiler.SELF, "locals", "", nextLocal);
        return l;
    }

    void finish() {
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    void insn(int opcode) {
        mv.visitInsn(opcode);
        size += 1;
    }

    void pushInt(int value) {
        pushInt(mv, value);
        size += 3;
    }

    /**
     * Pushes {@code array, index}, ready for a store; a parameter's adjoint as
     * {@code gradient, offset + index}.
     */
    void arrayIndex(int array, int index) {
        if (array == BAR && writes.inGradient(index)) {
            mv.visitVarInsn(ALOAD, GRADIENT);
            mv.visitVarInsn(ILOAD, OFFSET);
            if (index != 0) {
                pushInt(index);
                insn(IADD);
            }
            size += 2;
            return;
        }
        mv.visitVarInsn(ALOAD, array);
        pushInt(index);
        size += 1;
    }

    /** Pushes {@code array[index]}; an adjoint read before any write reads a cleared register. */
    void load(int array, int index) {
        if (array == BAR) writes.requireValid(index);
        arrayIndex(array, index);
        insn(DALOAD);
    }

    /**
     * Starts {@code bar[index] += ...}: pushes {@code bar, index} and the left operand, which is
     * {@code bar[index]}, or {@code 0.0} at the register's first, unconditional write.
     */
    void accumulateStart(int index) {
        arrayIndex(BAR, index);
        if (writes.valid(index)) {
            insn(DUP2);
            insn(DALOAD);
        } else {
            // a first write; under a condition, the path that skips it stores the 0 it would have held
            writes.markWritten(index);
            if (conditional) firstWritesUnderCondition.add(index);
            insn(DCONST_0);
        }
    }

    /** Ends {@code bar[index] += value}, the value on the stack. */
    void accumulateEnd() {
        insn(DADD);
        insn(DASTORE);
    }

    /** {@code bar[target] += yBar * v[factor]}. */
    void accumulateProduct(int target, int yBar, int factor) {
        accumulateStart(target);
        mv.visitVarInsn(DLOAD, yBar);
        load(V, factor);
        insn(DMUL);
        accumulateEnd();
        size += 2;
    }

    /** Loads {@code bar[index]} into {@code local}; returns the label to jump to when it is zero. */
    Label loadNonZero(int index, int local) {
        Label skip = new Label();
        load(BAR, index);
        mv.visitVarInsn(DSTORE, local);
        mv.visitVarInsn(DLOAD, local);
        insn(DCONST_0);
        insn(DCMPL);
        mv.visitJumpInsn(IFEQ, skip);
        size += 7;
        conditional = true;
        return skip;
    }

    /** Ends the code that runs only when the adjoint was non-zero. */
    void endConditional(Label skip) {
        conditional = false;
        if (firstWritesUnderCondition.isEmpty()) {
            mv.visitLabel(skip);
            return;
        }
        Label done = new Label();
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(skip);
        for (int index : firstWritesUnderCondition) {
            arrayIndex(BAR, index);
            insn(DCONST_0);
            insn(DASTORE);
        }
        mv.visitLabel(done);
        size += 3;
        firstWritesUnderCondition.clear();
    }

    /** {@code local = max(-infinity, v[x], ..., v[x + n - 1])} with Math.max, in the kernel's order. */
    void maxInto(int x, int n, int local) {
        mv.visitLdcInsn(Double.NEGATIVE_INFINITY);
        size += 3;
        for (int i = 0; i < n; i++) {
            load(V, x + i);
            invokeStatic(Math.class, "max", "(DD)D");
        }
        mv.visitVarInsn(DSTORE, local);
        size += 2;
    }

    void invokeVirtual(Op op, String name, String descriptor) {
        mv.visitMethodInsn(INVOKEVIRTUAL, Type.getInternalName(op.getClass()), name, descriptor, false);
        size += 3;
    }

    void invokeStatic(Class<?> owner, String name, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(owner), name, descriptor, false);
        size += 3;
    }

    /** Pushes the primitive {@code op}, a static final field of the generated class. */
    void getOp(Op op) {
        mv.visitFieldInsn(GETSTATIC, BytecodeCompiler.SELF, fields.apply(op), Type.getDescriptor(op.getClass()));
        size += 3;
    }

    /** Pushes the program's instruction array, for a kernel call. */
    void getCode() {
        mv.visitFieldInsn(GETSTATIC, BytecodeCompiler.SELF, "CODE", "[I");
        size += 3;
    }

    static void pushInt(MethodVisitor mv, int value) {
        if (value >= -1 && value <= 5) mv.visitInsn(ICONST_0 + value);
        else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, value);
        else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, value);
        else mv.visitLdcInsn(value);
    }
}
