package dev.policygrad.ad;

import static org.objectweb.asm.Opcodes.*;

import dev.policygrad.ir.BernoulliLogMass;
import dev.policygrad.ir.ElementwiseBinary;
import dev.policygrad.ir.ElementwiseUnary;
import dev.policygrad.ir.Instr;
import dev.policygrad.ir.NormalLogDensity;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Pick;
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
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Compiles a {@link Program} to one JVM class (generated with ASM, defined as a hidden class through
 * {@link MethodHandles.Lookup#defineHiddenClassWithClassData}): its instructions become straight-line
 * code over the value and adjoint arrays, with every register index and shape a constant, so no
 * instruction is decoded and no kernel is dispatched at run time.
 *
 * <p>Scalar and small element-wise operations, dot products, small matrix-vector products, sums,
 * logsumexp, softmax, picks and the log-densities are emitted inline, unrolled; their arithmetic is
 * the kernel's, operation for operation and in the same order, so values and gradients are bit for
 * bit the interpreter's. Domain checks call the primitive's own scalar function (which the JIT
 * inlines), so a domain error is raised exactly where the kernel raises it. Everything else calls
 * the primitive's kernel directly, the instruction's position a constant: a call the JIT binds
 * statically, since the receiver is a constant of the class.
 *
 * <p>The code is split into methods of at most {@value #METHOD_BUDGET} bytes of bytecode, so each
 * stays under HotSpot's limit for JIT compilation (8000 bytes) and far under the class file's 64 KB
 * per method. Programs over {@value #MAX_INSTRUCTIONS} instructions, or whose class would exceed the
 * class file's limits, run on the interpreter; {@link Compilation#reason()} says so.
 */
final class BytecodeCompiler {

    /** Element count up to which an element-wise or vector operation is unrolled. */
    static final int UNROLL = 16;
    /** Element count up to which a matrix-vector product is unrolled. */
    static final int UNROLL_MATRIX = 64;
    /** Bytes of bytecode per generated method. */
    static final int METHOD_BUDGET = 6000;
    /** Programs larger than this run on the interpreter. */
    static final int MAX_INSTRUCTIONS = 50_000;

    private static final String SELF = "dev/policygrad/ad/CompiledProgram";
    private static final String SUPER = Type.getInternalName(CompiledCode.class);
    private static final String FORWARD = "([D[II)V";
    private static final String BACKWARD = "([D[D[II)V";
    private static final String MATH = "java/lang/Math";

    private final Program program;
    private final int[] code;
    private final ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    /** The static field holding each primitive the code calls, by primitive. */
    private final Map<Op, String> fields = new LinkedHashMap<>();
    private int methodCount;
    /**
     * During the reverse sweep's generation: whether an adjoint register already holds a valid partial
     * sum at this point of the sweep (seeded, cleared up front, or written). The first unconditional
     * write to a register assigns {@code 0.0 + contribution} (what accumulating into a cleared
     * register computes, bit for bit) instead of accumulating, so only registers that are read
     * before any write, or first written under a condition, are cleared at the start of the sweep.
     */
    private boolean[] valid;
    private final java.util.BitSet cleared = new java.util.BitSet();
    /**
     * Whether the code being generated runs only under a condition (a non-zero adjoint); a register
     * first written there is also written, with 0, on the path that skips it.
     */
    private boolean conditional;

    private BytecodeCompiler(Program program) {
        this.program = program;
        this.code = program.code;
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
            BytecodeCompiler compiler = new BytecodeCompiler(program);
            byte[] bytes = compiler.generate();
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
        forwardChunks("o", 0, sideEnd, side);
        forwardChunks("s", sideEnd, actionStart, state);
        forwardChunks("a", actionStart, n, action);
        valid = new boolean[program.registerCount()];
        valid[program.outputRegister(0)] = true;
        backwardChunks(backward);
        for (int r = 0; r < program.parameterCount(); r++) requireValid(r);
        List<String> clears = clearChunks();
        dispatcher("side", "([D)V", side, false);
        dispatcher("state", "([D)V", state, false);
        dispatcher("action", "([D)V", action, false);
        backwardDispatcher(clears, backward);
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
        pushInt(mv, 0);
        mv.visitInsn(AALOAD);
        mv.visitTypeInsn(CHECKCAST, "[I");
        mv.visitFieldInsn(PUTSTATIC, SELF, "CODE", "[I");
        int k = 1;
        for (Map.Entry<Op, String> e : fields.entrySet()) {
            mv.visitVarInsn(ALOAD, 0);
            pushInt(mv, k++);
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

    /** The reverse sweep's entry: clear what must be cleared, seed {@code bar[output0] = 1}, run the chunks. */
    private void backwardDispatcher(List<String> clears, List<String> chunks) {
        MethodVisitor mv = writer.visitMethod(0, "backward", "([D[D)V", null, null);
        mv.visitCode();
        for (String chunk : clears) {
            mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKESTATIC, SELF, chunk, "([D)V", false);
        }
        mv.visitVarInsn(ALOAD, 2);
        pushInt(mv, program.outputRegister(0));
        mv.visitInsn(DCONST_1);
        mv.visitInsn(DASTORE);
        for (String chunk : chunks) {
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKESTATIC, SELF, chunk, "([D[D)V", false);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        methodCount++;
    }

    /** Methods {@code c0, c1, ...(bar)} zeroing the registers in {@link #cleared}: short runs unrolled, long ones by Arrays.fill. */
    private List<String> clearChunks() {
        List<String> names = new ArrayList<>();
        int r = cleared.nextSetBit(0);
        while (r >= 0) {
            String name = "c" + names.size();
            names.add(name);
            MethodVisitor mv = writer.visitMethod(ACC_PRIVATE | ACC_STATIC, name, "([D)V", null, null);
            mv.visitCode();
            int size = 0;
            while (r >= 0 && size < METHOD_BUDGET) {
                int end = cleared.nextClearBit(r);
                if (end - r > UNROLL) {
                    mv.visitVarInsn(ALOAD, 0);
                    pushInt(mv, r);
                    pushInt(mv, end);
                    mv.visitInsn(DCONST_0);
                    mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "([DIID)V", false);
                    size += 11;
                } else {
                    for (int k = r; k < end; k++) {
                        mv.visitVarInsn(ALOAD, 0);
                        pushInt(mv, k);
                        mv.visitInsn(DCONST_0);
                        mv.visitInsn(DASTORE);
                        size += 6;
                    }
                }
                r = cleared.nextSetBit(end);
            }
            mv.visitInsn(RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            methodCount++;
        }
        return names;
    }

    /** Makes adjoint register {@code r} valid from the start of the sweep, clearing it there if nothing has written it. */
    private void requireValid(int r) {
        if (!valid[r]) {
            valid[r] = true;
            cleared.set(r);
        }
    }

    private void requireValid(int from, int count) {
        for (int r = from; r < from + count; r++) requireValid(r);
    }

    private void forwardChunks(String prefix, int from, int to, List<String> names) {
        int i = from;
        while (i < to) {
            String name = prefix + names.size();
            names.add(name);
            Emitter e = new Emitter(writer.visitMethod(ACC_PRIVATE | ACC_STATIC, name, "([D)V", null, null), false);
            while (i < to && e.size < METHOD_BUDGET) forward(e, i++);
            e.finish();
            methodCount++;
        }
    }

    private void backwardChunks(List<String> names) {
        int[] schedule = program.backwardInstructions;
        int k = 0;
        while (k < schedule.length) {
            String name = "b" + names.size();
            names.add(name);
            Emitter e = new Emitter(writer.visitMethod(ACC_PRIVATE | ACC_STATIC, name, "([D[D)V", null, null), true);
            while (k < schedule.length && e.size < METHOD_BUDGET) backward(e, schedule[k++]);
            e.finish();
            methodCount++;
        }
    }

    private String field(Op op) {
        return fields.computeIfAbsent(op, o -> "K" + fields.size());
    }

    private void getOp(Emitter e, Op op) {
        e.mv.visitFieldInsn(GETSTATIC, SELF, field(op), Type.getDescriptor(op.getClass()));
        e.size += 3;
    }

    // ---- the forward sweep ----

    private void forward(Emitter e, int instruction) {
        Op op = program.ops[instruction];
        int pc = program.pcs[instruction];
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        if (op instanceof ElementwiseUnary u && n <= UNROLL) {
            int x = Instr.arg(code, pc, 0);
            for (int i = 0; i < n; i++) {
                e.arrayIndex(V, y + i);
                if (op == Ops.NEG) {
                    e.load(V, x + i);
                    e.insn(DNEG);
                } else {
                    getOp(e, u);
                    e.load(V, x + i);
                    e.invokeVirtual(u, "apply", "(D)D");
                }
                e.insn(DASTORE);
            }
        } else if (op instanceof ElementwiseBinary b && n <= UNROLL) {
            int x = Instr.arg(code, pc, 0), z = Instr.arg(code, pc, 1);
            int sx = Instr.argSize(code, pc, 0) == 1 ? 0 : 1, sz = Instr.argSize(code, pc, 1) == 1 ? 0 : 1;
            int direct = op == Ops.ADD ? DADD : op == Ops.SUB ? DSUB : op == Ops.MUL ? DMUL : -1;
            for (int i = 0; i < n; i++) {
                e.arrayIndex(V, y + i);
                if (direct < 0) getOp(e, b);
                e.load(V, x + i * sx);
                e.load(V, z + i * sz);
                if (direct >= 0) e.insn(direct);
                else e.invokeVirtual(b, "apply", "(DD)D");
                e.insn(DASTORE);
            }
        } else if (op == Ops.DOT && n == 1 && Instr.argSize(code, pc, 0) <= UNROLL) {
            int a = Instr.arg(code, pc, 0), b = Instr.arg(code, pc, 1), m = Instr.argRows(code, pc, 0);
            e.arrayIndex(V, y);
            e.insn(DCONST_0);
            for (int i = 0; i < m; i++) {
                e.load(V, a + i);
                e.load(V, b + i);
                e.insn(DMUL);
                e.insn(DADD);
            }
            e.insn(DASTORE);
        } else if (op == Ops.MATVEC && Instr.argSize(code, pc, 0) <= UNROLL_MATRIX) {
            int m = Instr.arg(code, pc, 0), x = Instr.arg(code, pc, 1);
            int rows = Instr.argRows(code, pc, 0), cols = Instr.argCols(code, pc, 0);
            for (int i = 0; i < rows; i++) {
                e.arrayIndex(V, y + i);
                e.insn(DCONST_0);
                for (int j = 0; j < cols; j++) {
                    e.load(V, m + i * cols + j);
                    e.load(V, x + j);
                    e.insn(DMUL);
                    e.insn(DADD);
                }
                e.insn(DASTORE);
            }
        } else if (op == Ops.SUM && Instr.argSize(code, pc, 0) <= UNROLL) {
            int x = Instr.arg(code, pc, 0), m = Instr.argSize(code, pc, 0);
            e.arrayIndex(V, y);
            e.insn(DCONST_0);
            for (int i = 0; i < m; i++) {
                e.load(V, x + i);
                e.insn(DADD);
            }
            e.insn(DASTORE);
        } else if (op == Ops.LOGSUMEXP && Instr.argSize(code, pc, 0) <= UNROLL && Instr.argSize(code, pc, 0) > 0) {
            logsumexp(e, Instr.arg(code, pc, 0), Instr.argSize(code, pc, 0), y);
        } else if (op == Ops.SOFTMAX && n <= UNROLL) {
            softmax(e, Instr.arg(code, pc, 0), n, y);
        } else if (op == Ops.PICK && n == 1) {
            // v[y] = v[x + index(v[i], rows)]
            e.arrayIndex(V, y);
            e.mv.visitVarInsn(ALOAD, V);
            e.pushInt(Instr.arg(code, pc, 0));
            e.load(V, Instr.arg(code, pc, 1));
            e.pushInt(Instr.argRows(code, pc, 0));
            e.mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Pick.class), "index", "(DI)I", false);
            e.insn(IADD);
            e.size += 4;
            e.insn(DALOAD);
            e.insn(DASTORE);
        } else if (op == Ops.NORMAL_LPDF) {
            e.arrayIndex(V, y);
            for (int k = 0; k < 3; k++) e.load(V, Instr.arg(code, pc, k));
            e.invokeStatic(NormalLogDensity.class, "value", "(DDD)D");
            e.insn(DASTORE);
        } else if (op == Ops.BERNOULLI_LPMF) {
            e.arrayIndex(V, y);
            for (int k = 0; k < 2; k++) e.load(V, Instr.arg(code, pc, k));
            e.invokeStatic(BernoulliLogMass.class, "value", "(DD)D");
            e.insn(DASTORE);
        } else {
            // the primitive's own kernel, called with a constant instruction position
            getOp(e, op);
            e.mv.visitVarInsn(ALOAD, V);
            e.mv.visitFieldInsn(GETSTATIC, SELF, "CODE", "[I");
            e.pushInt(pc);
            e.invokeVirtual(op, "forward", FORWARD);
            e.size += 4;
        }
    }

    /** The kernel's logsumexp: m = max, then m + log sum exp(x_i - m), or m itself when m is not finite. */
    private void logsumexp(Emitter e, int x, int n, int y) {
        int m = e.local(), s = e.local();
        e.maxInto(x, n, m);
        Label special = new Label(), done = new Label();
        e.mv.visitVarInsn(DLOAD, m);
        e.invokeStatic(Math.class, "abs", "(D)D");
        e.mv.visitLdcInsn(Double.POSITIVE_INFINITY);
        e.insn(DCMPG);
        e.mv.visitJumpInsn(IFGE, special);
        e.insn(DCONST_0);
        e.mv.visitVarInsn(DSTORE, s);
        for (int i = 0; i < n; i++) {
            e.mv.visitVarInsn(DLOAD, s);
            e.load(V, x + i);
            e.mv.visitVarInsn(DLOAD, m);
            e.insn(DSUB);
            e.invokeStatic(Math.class, "exp", "(D)D");
            e.insn(DADD);
            e.mv.visitVarInsn(DSTORE, s);
            e.size += 8;
        }
        e.arrayIndex(V, y);
        e.mv.visitVarInsn(DLOAD, m);
        e.mv.visitVarInsn(DLOAD, s);
        e.invokeStatic(Math.class, "log", "(D)D");
        e.insn(DADD);
        e.insn(DASTORE);
        e.mv.visitJumpInsn(GOTO, done);
        e.mv.visitLabel(special);
        e.arrayIndex(V, y);
        e.mv.visitVarInsn(DLOAD, m);
        e.insn(DASTORE);
        e.mv.visitLabel(done);
        e.size += 30;
    }

    /** The kernel's softmax: e_i = exp(x_i - max), then each divided by their sum. */
    private void softmax(Emitter e, int x, int n, int y) {
        int m = e.local(), s = e.local(), t = e.local();
        e.maxInto(x, n, m);
        e.insn(DCONST_0);
        e.mv.visitVarInsn(DSTORE, s);
        for (int i = 0; i < n; i++) {
            e.load(V, x + i);
            e.mv.visitVarInsn(DLOAD, m);
            e.insn(DSUB);
            e.invokeStatic(Math.class, "exp", "(D)D");
            e.mv.visitVarInsn(DSTORE, t);
            e.arrayIndex(V, y + i);
            e.mv.visitVarInsn(DLOAD, t);
            e.insn(DASTORE);
            e.mv.visitVarInsn(DLOAD, s);
            e.mv.visitVarInsn(DLOAD, t);
            e.insn(DADD);
            e.mv.visitVarInsn(DSTORE, s);
            e.size += 14;
        }
        for (int i = 0; i < n; i++) {
            e.arrayIndex(V, y + i);
            e.load(V, y + i);
            e.mv.visitVarInsn(DLOAD, s);
            e.insn(DDIV);
            e.insn(DASTORE);
            e.size += 2;
        }
    }

    // ---- the reverse sweep ----

    private void backward(Emitter e, int instruction) {
        Op op = program.ops[instruction];
        int pc = program.pcs[instruction];
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        if ((op == Ops.ADD || op == Ops.SUB) && n <= UNROLL) {
            int x = Instr.arg(code, pc, 0), z = Instr.arg(code, pc, 1);
            int sx = Instr.argSize(code, pc, 0) == 1 ? 0 : 1, sz = Instr.argSize(code, pc, 1) == 1 ? 0 : 1;
            if (Instr.needs(code, pc, 0)) {
                for (int i = 0; i < n; i++) {
                    e.accumulateStart(x + i * sx);
                    e.load(BAR, y + i);
                    e.accumulateEnd();
                }
            }
            if (Instr.needs(code, pc, 1)) {
                for (int i = 0; i < n; i++) {
                    e.accumulateStart(z + i * sz);
                    if (op == Ops.SUB) e.mv.visitLdcInsn(-1.0);
                    e.load(BAR, y + i);
                    if (op == Ops.SUB) e.insn(DMUL);
                    e.accumulateEnd();
                    e.size += 3;
                }
            }
        } else if (op == Ops.MUL && n <= UNROLL) {
            int x = Instr.arg(code, pc, 0), z = Instr.arg(code, pc, 1);
            int sx = Instr.argSize(code, pc, 0) == 1 ? 0 : 1, sz = Instr.argSize(code, pc, 1) == 1 ? 0 : 1;
            boolean needX = Instr.needs(code, pc, 0), needZ = Instr.needs(code, pc, 1);
            int yBar = e.local();
            for (int i = 0; i < n; i++) {
                Label skip = e.loadNonZero(y + i, yBar);
                if (needX) {
                    e.accumulateStart(x + i * sx);
                    e.mv.visitVarInsn(DLOAD, yBar);
                    e.load(V, z + i * sz);
                    e.insn(DMUL);
                    e.accumulateEnd();
                }
                if (needZ) {
                    e.accumulateStart(z + i * sz);
                    e.mv.visitVarInsn(DLOAD, yBar);
                    e.load(V, x + i * sx);
                    e.insn(DMUL);
                    e.accumulateEnd();
                }
                e.endConditional(skip);
                e.size += 8;
            }
        } else if (op instanceof ElementwiseUnary u && n <= UNROLL) {
            if (!Instr.needs(code, pc, 0)) return;
            int x = Instr.arg(code, pc, 0), yBar = e.local();
            for (int i = 0; i < n; i++) {
                Label skip = e.loadNonZero(y + i, yBar);
                e.accumulateStart(x + i);
                getOp(e, u);
                e.load(V, x + i);
                e.load(V, y + i);
                e.invokeVirtual(u, "partial", "(DD)D");
                e.mv.visitVarInsn(DLOAD, yBar);
                e.insn(DMUL);
                e.accumulateEnd();
                e.endConditional(skip);
                e.size += 6;
            }
        } else if (op == Ops.DOT && Instr.argSize(code, pc, 0) <= UNROLL) {
            int a = Instr.arg(code, pc, 0), b = Instr.arg(code, pc, 1), m = Instr.argRows(code, pc, 0);
            int yBar = e.local();
            e.load(BAR, y);
            e.mv.visitVarInsn(DSTORE, yBar);
            if (Instr.needs(code, pc, 0)) for (int i = 0; i < m; i++) e.accumulateProduct(a + i, yBar, b + i);
            if (Instr.needs(code, pc, 1)) for (int i = 0; i < m; i++) e.accumulateProduct(b + i, yBar, a + i);
        } else if (op == Ops.MATVEC && Instr.argSize(code, pc, 0) <= UNROLL_MATRIX) {
            int a = Instr.arg(code, pc, 0), b = Instr.arg(code, pc, 1);
            int rows = Instr.argRows(code, pc, 0), cols = Instr.argCols(code, pc, 0);
            boolean needA = Instr.needs(code, pc, 0), needB = Instr.needs(code, pc, 1);
            int yBar = e.local();
            for (int i = 0; i < rows; i++) {
                Label skip = e.loadNonZero(y + i, yBar);
                int row = a + i * cols;
                if (needA) for (int j = 0; j < cols; j++) e.accumulateProduct(row + j, yBar, b + j);
                if (needB) for (int j = 0; j < cols; j++) e.accumulateProduct(b + j, yBar, row + j);
                e.endConditional(skip);
            }
        } else if (op == Ops.SUM && Instr.argSize(code, pc, 0) <= UNROLL) {
            if (!Instr.needs(code, pc, 0)) return;
            int x = Instr.arg(code, pc, 0), m = Instr.argSize(code, pc, 0), yBar = e.local();
            e.load(BAR, y);
            e.mv.visitVarInsn(DSTORE, yBar);
            for (int i = 0; i < m; i++) {
                e.accumulateStart(x + i);
                e.mv.visitVarInsn(DLOAD, yBar);
                e.accumulateEnd();
            }
        } else if (op == Ops.LOGSUMEXP && Instr.argSize(code, pc, 0) <= UNROLL) {
            if (!Instr.needs(code, pc, 0)) return;
            int x = Instr.arg(code, pc, 0), m = Instr.argSize(code, pc, 0);
            int yBar = e.local(), lse = e.local();
            e.load(BAR, y);
            e.mv.visitVarInsn(DSTORE, yBar);
            e.load(V, y);
            e.mv.visitVarInsn(DSTORE, lse);
            for (int i = 0; i < m; i++) {
                e.accumulateStart(x + i);
                e.mv.visitVarInsn(DLOAD, yBar);
                e.load(V, x + i);
                e.mv.visitVarInsn(DLOAD, lse);
                e.insn(DSUB);
                e.invokeStatic(Math.class, "exp", "(D)D");
                e.insn(DMUL);
                e.accumulateEnd();
                e.size += 4;
            }
        } else if (op == Ops.SOFTMAX && n <= UNROLL) {
            if (!Instr.needs(code, pc, 0)) return;
            int x = Instr.arg(code, pc, 0), dot = e.local();
            e.insn(DCONST_0);
            e.mv.visitVarInsn(DSTORE, dot);
            for (int i = 0; i < n; i++) {
                e.mv.visitVarInsn(DLOAD, dot);
                e.load(V, y + i);
                e.load(BAR, y + i);
                e.insn(DMUL);
                e.insn(DADD);
                e.mv.visitVarInsn(DSTORE, dot);
                e.size += 4;
            }
            for (int i = 0; i < n; i++) {
                e.accumulateStart(x + i);
                e.load(V, y + i);
                e.load(BAR, y + i);
                e.mv.visitVarInsn(DLOAD, dot);
                e.insn(DSUB);
                e.insn(DMUL);
                e.accumulateEnd();
                e.size += 2;
            }
        } else if (op == Ops.PICK && n == 1) {
            if (!Instr.needs(code, pc, 0)) return;
            // bar[x + (int) v[i]] += bar[y]; the forward sweep checked the index
            requireValid(Instr.arg(code, pc, 0), Instr.argSize(code, pc, 0));
            e.mv.visitVarInsn(ALOAD, BAR);
            e.pushInt(Instr.arg(code, pc, 0));
            e.load(V, Instr.arg(code, pc, 1));
            e.insn(D2I);
            e.insn(IADD);
            e.insn(DUP2);
            e.insn(DALOAD);
            e.load(BAR, y);
            e.insn(DADD);
            e.insn(DASTORE);
            e.size += 4;
        } else {
            // the kernel accumulates into its arguments' adjoints and reads its result's
            requireValid(y, n);
            for (int k = 0; k < Instr.arity(code, pc); k++) {
                if (Instr.needs(code, pc, k)) requireValid(Instr.arg(code, pc, k), Instr.argSize(code, pc, k));
            }
            getOp(e, op);
            e.mv.visitVarInsn(ALOAD, V);
            e.mv.visitVarInsn(ALOAD, BAR);
            e.mv.visitFieldInsn(GETSTATIC, SELF, "CODE", "[I");
            e.pushInt(pc);
            e.invokeVirtual(op, "backward", BACKWARD);
            e.size += 6;
        }
    }

    private static final int V = 0;
    private static final int BAR = 1;

    private static void pushInt(MethodVisitor mv, int value) {
        if (value >= -1 && value <= 5) mv.visitInsn(ICONST_0 + value);
        else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, value);
        else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, value);
        else mv.visitLdcInsn(value);
    }

    /** One generated method, with a running estimate of its bytecode size and its double locals. */
    private final class Emitter {
        final MethodVisitor mv;
        int size;
        private int nextLocal;
        /** Adjoint registers first written inside the current conditional block. */
        private final List<Integer> firstWritesUnderCondition = new ArrayList<>();

        Emitter(MethodVisitor mv, boolean withAdjoints) {
            this.mv = mv;
            this.nextLocal = withAdjoints ? 2 : 1;
            mv.visitCode();
        }

        /** A fresh double local (two slots); locals are not reused, which keeps the verifier's view simple. */
        int local() {
            int l = nextLocal;
            nextLocal += 2;
            if (nextLocal > 60_000) throw new MethodTooLargeException(SELF, "locals", "", nextLocal);
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
            BytecodeCompiler.pushInt(mv, value);
            size += 3;
        }

        /** Pushes {@code array, index}, ready for a store. */
        void arrayIndex(int array, int index) {
            mv.visitVarInsn(ALOAD, array);
            pushInt(index);
            size += 1;
        }

        /** Pushes {@code array[index]}; an adjoint read before any write reads a cleared register. */
        void load(int array, int index) {
            if (array == BAR) requireValid(index);
            arrayIndex(array, index);
            insn(DALOAD);
        }

        /**
         * Starts {@code bar[index] += ...}: pushes {@code bar, index} and the left operand, which is
         * {@code bar[index]}, or {@code 0.0} at the register's first, unconditional write.
         */
        void accumulateStart(int index) {
            arrayIndex(BAR, index);
            if (valid[index]) {
                insn(DUP2);
                insn(DALOAD);
            } else {
                // a first write; under a condition, the path that skips it stores the 0 it would have held
                valid[index] = true;
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
    }
}
