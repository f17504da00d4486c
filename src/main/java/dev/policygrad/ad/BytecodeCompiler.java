package dev.policygrad.ad;

import static org.objectweb.asm.Opcodes.*;

import dev.policygrad.ir.Op;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Compiles a {@link Program} to one JVM class (generated with ASM, defined as a hidden class through
 * {@link MethodHandles.Lookup#defineHiddenClassWithClassData}): its instructions become straight-line
 * code over the value and adjoint arrays, with every register index and shape a constant, so no
 * instruction is decoded and no kernel is dispatched at run time.
 *
 * <p>{@link KernelInliner} writes each instruction's code: scalar and small element-wise
 * operations, dot products, small matrix-vector products, sums, logsumexp, softmax, picks and the
 * log-densities inline and unrolled, with the kernel's arithmetic operation for operation and in the
 * same order, so values and gradients are bit for bit the interpreter's. Domain checks call the
 * primitive's own scalar function (which the JIT inlines), so a domain error is raised exactly where
 * the kernel raises it. Everything else calls the primitive's kernel directly, the instruction's
 * position a constant: a call the JIT binds statically, since the receiver is a constant of the
 * class. The reverse sweep clears only the adjoints {@link AdjointWrites} says it must.
 *
 * <p>The code is split into methods of at most {@value #METHOD_BUDGET} bytes of bytecode, so each
 * stays under HotSpot's limit for JIT compilation (8000 bytes) and far under the class file's 64 KB
 * per method. Programs over {@value #MAX_INSTRUCTIONS} instructions, or whose class would exceed the
 * class file's limits, run on the interpreter; {@link Compilation#reason()} says so.
 */
final class BytecodeCompiler {

    /** Bytes of bytecode per generated method. */
    static final int METHOD_BUDGET = 6000;
    /** Programs larger than this run on the interpreter. */
    static final int MAX_INSTRUCTIONS = 50_000;

    static final String SELF = "dev/policygrad/ad/CompiledProgram";
    private static final String SUPER = Type.getInternalName(CompiledCode.class);

    private final Program program;
    private final int[] code;
    private final ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    /** The static field holding each primitive the code calls, by primitive. */
    private final Map<Op, String> fields = new LinkedHashMap<>();
    private int methodCount;
    /** Which adjoints the reverse sweep has written so far, and which it must clear first. */
    private AdjointWrites writes;
    private KernelInliner kernels;

    /** Whether the parameters' adjoints are written straight to the caller's gradient ({@link AdjointWrites#inGradient}). */
    private final boolean parametersInGradient;

    private BytecodeCompiler(Program program, boolean parametersInGradient) {
        this.program = program;
        this.code = program.code;
        this.parametersInGradient = parametersInGradient;
    }

    /** Compiles {@code program}, or says why it runs on the interpreter. */
    static Compilation compile(Program program) {
        long start = System.nanoTime();
        int n = program.instructionCount();
        if (n > MAX_INSTRUCTIONS) {
            return Compilation.fallback(n, System.nanoTime() - start, "too large to compile (" + n
                    + " instructions; the compiler takes at most " + MAX_INSTRUCTIONS + ")");
        }
        try {
            // the parameters' adjoints go straight to the caller's gradient unless a kernel call (not
            // generated code) accumulates into one, or output 0 is a parameter itself: then bar, and the
            // tape copies them out
            boolean direct = program.outputRegister(0) >= program.parameterCount();
            BytecodeCompiler compiler = new BytecodeCompiler(program, direct);
            byte[] bytes = compiler.generate();
            if (direct && compiler.writes.kernelWritesParameter()) {
                compiler = new BytecodeCompiler(program, false);
                bytes = compiler.generate();
            }
            CompiledCode compiled = compiler.define(bytes);
            return Compilation.compiled(compiled, n, compiler.methodCount, bytes.length, System.nanoTime() - start);
        } catch (ClassTooLargeException | MethodTooLargeException e) {
            return Compilation.fallback(n, System.nanoTime() - start, "the generated class is too large ("
                    + e.getMessage() + ")");
        }
    }

    private byte[] generate() {
        writer.visit(V17, ACC_FINAL | ACC_SUPER, SELF, null, SUPER, null);
        MethodVisitor init = writer.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        int sideEnd = Math.max(0, program.sideEnd), actionStart = program.actionStart, n = program.instructionCount();
        List<String> side = new ArrayList<>(), state = new ArrayList<>(), action = new ArrayList<>();
        List<String> backward = new ArrayList<>();
        writes = new AdjointWrites(program.registerCount(), parametersInGradient ? program.parameterCount() : 0);
        writes.markWritten(program.outputRegister(0));
        kernels = new KernelInliner(program, writes);
        forwardChunks("o", 0, sideEnd, side);
        forwardChunks("s", sideEnd, actionStart, state);
        forwardChunks("a", actionStart, program.gradientEnd, action);
        List<String> actionForGradient = new ArrayList<>(action);
        forwardChunks("a", program.gradientEnd, n, action); // the root alone, when the gradient may skip it
        if (program.gradientEnd < n) rootForGradient(actionForGradient);
        backwardChunks(backward);
        for (int r = 0; r < program.parameterCount(); r++) writes.requireValid(r);
        List<String> clears = clearChunks();
        dispatcher("side", "([D)V", side, false);
        dispatcher("state", "([D)V", state, false);
        dispatcher("action", "([D)V", action, false);
        List<String> sideAndState = new ArrayList<>(side);
        sideAndState.addAll(state);
        dispatcher("sideAndState", "([D)V", sideAndState, false);
        List<String> all = new ArrayList<>(sideAndState);
        all.addAll(action);
        dispatcher("all", "([D)V", all, false);
        dispatcher("actionForGradient", "([D)V", actionForGradient, false);
        backwardDispatcher(clears, backward, false);
        if (parametersInGradient) backwardDispatcher(clears, backward, true);
        constant("writesGradientInPlace", parametersInGradient);
        staticInitializer();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private CompiledCode define(byte[] bytes) {
        Object[] data = new Object[1 + fields.size()];
        data[0] = code;
        int k = 1;
        for (Op op : fields.keySet()) data[k++] = op;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, data, true);
            return (CompiledCode) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("could not define the compiled program", e);
        }
    }

    /** {@code CODE} and one field per primitive, read once from the class data. */
    private void staticInitializer() {
        writer.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, "CODE", "[I", null, null).visitEnd();
        for (Map.Entry<Op, String> e : fields.entrySet()) {
            writer.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, e.getValue(), Type.getDescriptor(e.getKey().getClass()),
                    null, null).visitEnd();
        }
        MethodVisitor mv = writer.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        Handle classData = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitLdcInsn(new ConstantDynamic("_", "Ljava/lang/Object;", classData));
        mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/Object;");
        mv.visitVarInsn(ASTORE, 0);
        mv.visitVarInsn(ALOAD, 0);
        MethodEmitter.pushInt(mv, 0);
        mv.visitInsn(AALOAD);
        mv.visitTypeInsn(CHECKCAST, "[I");
        mv.visitFieldInsn(PUTSTATIC, SELF, "CODE", "[I");
        int k = 1;
        for (Map.Entry<Op, String> e : fields.entrySet()) {
            mv.visitVarInsn(ALOAD, 0);
            MethodEmitter.pushInt(mv, k++);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, Type.getInternalName(e.getKey().getClass()));
            mv.visitFieldInsn(PUTSTATIC, SELF, e.getValue(), Type.getDescriptor(e.getKey().getClass()));
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** The abstract method's body: calls the chunks in order. */
    private void dispatcher(String name, String descriptor, List<String> chunks, boolean withAdjoints) {
        MethodVisitor mv = writer.visitMethod(0, name, descriptor, null, null);
        mv.visitCode();
        for (String chunk : chunks) {
            mv.visitVarInsn(ALOAD, 1);
            if (withAdjoints) mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKESTATIC, SELF, chunk, withAdjoints ? "([D[D)V" : "([D)V", false);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        methodCount++;
    }

    /**
     * The reverse sweep's entries: clear what must be cleared, seed {@code bar[output0] = 1}, run the
     * chunks. The chunks take {@code (v, bar, gradient, offset)}: {@code backward(v, bar)} passes
     * {@code (bar, 0)}, so the parameters' adjoints land in {@code bar}; {@code into} is the entry
     * {@code backward(v, bar, gradient, offset)}, generated where the parameters' adjoints are generated
     * code's alone, which passes the caller's array.
     */
    private void backwardDispatcher(List<String> clears, List<String> chunks, boolean into) {
        MethodVisitor mv = writer.visitMethod(0, "backward", into ? "([D[D[DI)V" : "([D[D)V", null, null);
        mv.visitCode();
        for (String chunk : clears) {
            mv.visitVarInsn(ALOAD, 2);
            pushGradient(mv, into);
            mv.visitMethodInsn(INVOKESTATIC, SELF, chunk, "([D[DI)V", false);
        }
        mv.visitVarInsn(ALOAD, 2);
        MethodEmitter.pushInt(mv, program.outputRegister(0));
        mv.visitInsn(DCONST_1);
        mv.visitInsn(DASTORE);
        for (String chunk : chunks) {
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            pushGradient(mv, into);
            mv.visitMethodInsn(INVOKESTATIC, SELF, chunk, "([D[D[DI)V", false);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        methodCount++;
    }

    /** A method {@code name()} returning {@code value}. */
    private void constant(String name, boolean value) {
        MethodVisitor mv = writer.visitMethod(0, name, "()Z", null, null);
        mv.visitCode();
        mv.visitInsn(value ? ICONST_1 : ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        methodCount++;
    }

    /** Pushes the array and offset the parameters' adjoints go to: the caller's (locals 3, 4), or {@code bar, 0}. */
    private static void pushGradient(MethodVisitor mv, boolean callers) {
        if (callers) {
            mv.visitVarInsn(ALOAD, 3);
            mv.visitVarInsn(ILOAD, 4);
        } else {
            mv.visitVarInsn(ALOAD, 2);
            mv.visitInsn(ICONST_0);
        }
    }

    /** Pushes {@code array, offset + index} (locals {@code array} and {@code offset}), or {@code array, index} for offset -1. */
    private static void pushElement(MethodVisitor mv, int array, int offset, int index) {
        mv.visitVarInsn(ALOAD, array);
        if (offset < 0) {
            MethodEmitter.pushInt(mv, index);
            return;
        }
        mv.visitVarInsn(ILOAD, offset);
        MethodEmitter.pushInt(mv, index);
        mv.visitInsn(IADD);
    }

    /**
     * Methods {@code c0, c1, ...(bar, gradient, offset)} zeroing the registers in
     * {@link AdjointWrites#cleared()}, a parameter's at {@code gradient[offset + r]} where it lives there:
     * short runs unrolled, long ones by Arrays.fill.
     */
    private List<String> clearChunks() {
        List<String> names = new ArrayList<>();
        int p = parametersInGradient ? program.parameterCount() : 0;
        int r = writes.cleared().nextSetBit(0);
        while (r >= 0) {
            String name = "c" + names.size();
            names.add(name);
            MethodVisitor mv = writer.visitMethod(ACC_PRIVATE | ACC_STATIC, name, "([D[DI)V", null, null);
            mv.visitCode();
            int size = 0;
            while (r >= 0 && size < METHOD_BUDGET) {
                int end = writes.cleared().nextClearBit(r);
                if (r < p) end = Math.min(end, p); // a run of parameters' adjoints ends where bar's begin
                size += clear(mv, r, end, r < p);
                r = writes.cleared().nextSetBit(end);
            }
            mv.visitInsn(RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            methodCount++;
        }
        return names;
    }

    /** Zeroes registers {@code [from, to)} of bar (local 0), or of the gradient (local 1, offset local 2); returns the bytes. */
    private static int clear(MethodVisitor mv, int from, int to, boolean inGradient) {
        int array = inGradient ? 1 : 0, offset = inGradient ? 2 : -1;
        if (to - from > KernelInliner.UNROLL) {
            pushElement(mv, array, offset, from);
            if (inGradient) mv.visitVarInsn(ILOAD, offset);
            MethodEmitter.pushInt(mv, to);
            if (inGradient) mv.visitInsn(IADD);
            mv.visitInsn(DCONST_0);
            mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "([DIID)V", false);
            return 15;
        }
        for (int k = from; k < to; k++) {
            pushElement(mv, array, offset, k);
            mv.visitInsn(DCONST_0);
            mv.visitInsn(DASTORE);
        }
        return 8 * (to - from);
    }

    private void forwardChunks(String prefix, int from, int to, List<String> names) {
        int i = from;
        while (i < to) {
            String name = prefix + names.size();
            names.add(name);
            MethodEmitter e = new MethodEmitter(writer.visitMethod(ACC_PRIVATE | ACC_STATIC, name, "([D)V", null, null), false,
                    writes, this::field);
            while (i < to && e.size < METHOD_BUDGET) kernels.forward(e, i++);
            e.finish();
            methodCount++;
        }
    }

    /** A method {@code g} running the skipped root's {@link Op#forwardForGradient}, appended to {@code names}. */
    private void rootForGradient(List<String> names) {
        names.add("g");
        MethodEmitter e = new MethodEmitter(writer.visitMethod(ACC_PRIVATE | ACC_STATIC, "g", "([D)V", null, null), false,
                writes, this::field);
        kernels.forwardForGradient(e, program.gradientEnd);
        e.finish();
        methodCount++;
    }

    private void backwardChunks(List<String> names) {
        int[] schedule = program.backwardInstructions;
        int k = 0;
        while (k < schedule.length) {
            String name = "b" + names.size();
            names.add(name);
            MethodEmitter e = new MethodEmitter(writer.visitMethod(ACC_PRIVATE | ACC_STATIC, name, "([D[D[DI)V", null, null), true,
                    writes, this::field);
            while (k < schedule.length && e.size < METHOD_BUDGET) kernels.backward(e, schedule[k++]);
            e.finish();
            methodCount++;
        }
    }

    private String field(Op op) {
        return fields.computeIfAbsent(op, o -> "K" + fields.size());
    }
}
