package dev.policygrad.ad;

import static dev.policygrad.ad.MethodEmitter.BAR;
import static dev.policygrad.ad.MethodEmitter.V;
import static org.objectweb.asm.Opcodes.*;

import dev.policygrad.ir.BernoulliLogMass;
import dev.policygrad.ir.CategoricalLogMass;
import dev.policygrad.ir.ElementwiseBinary;
import dev.policygrad.ir.ElementwiseUnary;
import dev.policygrad.ir.Instr;
import dev.policygrad.ir.NormalLogDensity;
import dev.policygrad.ir.NormalLogDensityWithLogStd;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Pick;
import dev.policygrad.ir.Where;
import org.objectweb.asm.Label;

/**
 * The code {@link BytecodeCompiler} emits for one instruction, forward and reverse: small
 * element-wise, vector and log-density operations inline and unrolled, with each kernel's arithmetic
 * in the kernel's order (so the bits are the interpreter's), and a direct call of the primitive's
 * kernel, at a constant instruction position, for everything else.
 */
final class KernelInliner {

    /** Element count up to which an element-wise or vector operation is unrolled. */
    static final int UNROLL = 16;
    /** Element count up to which a matrix-vector product is unrolled. */
    static final int UNROLL_MATRIX = 64;
    /**
     * Element count up to which the adjoint of a dot or matrix-vector product is unrolled: its
     * products are independent, and unrolled, each adjoint's first write assigns, so none is cleared first.
     */
    static final int UNROLL_PRODUCT_ADJOINT = 256;

    private static final String FORWARD = "([D[II)V";
    private static final String BACKWARD = "([D[D[II)V";

    private final Program program;
    private final int[] code;
    private final AdjointWrites writes;

    KernelInliner(Program program, AdjointWrites writes) {
        this.program = program;
        this.code = program.code;
        this.writes = writes;
    }

    // ---- the forward sweep ----

    void forward(MethodEmitter e, int instruction) {
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
                    e.getOp(u);
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
                e.load(V, x + i * sx);
                e.load(V, z + i * sz);
                if (direct >= 0) e.insn(direct);
                else e.invokeStatic(ElementwiseBinary.class, b.kernel(), "(DD)D"); // no dispatch on the kind
                e.insn(DASTORE);
            }
        } else if (op == Ops.DOT && n == 1 && Instr.argSize(code, pc, 0) <= UNROLL) {
            storeDot(e, y, Instr.arg(code, pc, 0), Instr.arg(code, pc, 1), Instr.argRows(code, pc, 0));
        } else if (op == Ops.MATVEC && Instr.argSize(code, pc, 0) <= UNROLL_MATRIX) {
            int m = Instr.arg(code, pc, 0), x = Instr.arg(code, pc, 1);
            int rows = Instr.argRows(code, pc, 0), cols = Instr.argCols(code, pc, 0);
            for (int i = 0; i < rows; i++) storeDot(e, y + i, m + i * cols, x, cols);
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
            int x = Instr.arg(code, pc, 0), rows = Instr.argRows(code, pc, 0);
            int k = constantIndex(instruction, rows);
            e.arrayIndex(V, y);
            if (k >= 0) {
                e.load(V, x + k); // s[2]: a constant index, checked here, is a plain load
            } else {
                // v[y] = v[x + index(v[i], rows)]
                e.mv.visitVarInsn(ALOAD, V);
                e.pushInt(x);
                actionIndex(e, Instr.arg(code, pc, 1), rows);
                e.insn(IADD);
                e.insn(DALOAD);
            }
            e.insn(DASTORE);
        } else if (op == Ops.WHERE && n <= UNROLL) {
            int c = Instr.arg(code, pc, 0), x = Instr.arg(code, pc, 1), z = Instr.arg(code, pc, 2);
            int sc = Instr.argSize(code, pc, 0) == 1 ? 0 : 1, sx = Instr.argSize(code, pc, 1) == 1 ? 0 : 1;
            int sz = Instr.argSize(code, pc, 2) == 1 ? 0 : 1;
            for (int i = 0; i < n; i++) {
                e.arrayIndex(V, y + i);
                e.load(V, c + i * sc);
                e.load(V, x + i * sx);
                e.load(V, z + i * sz);
                e.invokeStatic(Where.class, "select", "(DDD)D");
                e.insn(DASTORE);
            }
        } else if (op == Ops.STACK && n <= UNROLL) {
            // a vector literal: element moves, where the kernel calls the copy stub once per element
            for (int k = 0, at = y; k < Instr.arity(code, pc); k++) {
                int x = Instr.arg(code, pc, k);
                for (int j = 0; j < Instr.argSize(code, pc, k); j++) {
                    e.arrayIndex(V, at++);
                    e.load(V, x + j);
                    e.insn(DASTORE);
                }
            }
        } else if (op == Ops.NORMAL_LPDF || op == Ops.NORMAL_LPDF_WITH_LOG_STD) {
            int arity = Instr.arity(code, pc);
            e.arrayIndex(V, y);
            for (int k = 0; k < arity; k++) e.load(V, Instr.arg(code, pc, k));
            e.invokeStatic(normalDensity(op), "value", "(" + "D".repeat(arity) + ")D");
            e.insn(DASTORE);
        } else if (op == Ops.CATEGORICAL_LPMF) {
            // v[y] = value(v, x, n, index(v[a], n), y + 1)
            int logits = Instr.argSize(code, pc, 0);
            e.arrayIndex(V, y);
            e.mv.visitVarInsn(ALOAD, V);
            e.pushInt(Instr.arg(code, pc, 0));
            e.pushInt(logits);
            actionIndex(e, Instr.arg(code, pc, 1), logits);
            e.pushInt(y + 1);
            e.invokeStatic(CategoricalLogMass.class, "value", "([DIIII)D");
            e.insn(DASTORE);
        } else if (op == Ops.BERNOULLI_LPMF) {
            e.arrayIndex(V, y);
            for (int k = 0; k < 2; k++) e.load(V, Instr.arg(code, pc, k));
            e.invokeStatic(BernoulliLogMass.class, "value", "(DD)D");
            e.insn(DASTORE);
        } else {
            callKernel(e, op, "forward", pc);
        }
    }

    /**
     * A skipped root's {@link Op#forwardForGradient}: for the categorical, the action's check and the
     * weights ({@code weights(v, x, n, y + 1)}); otherwise the primitive's own, at a constant position.
     */
    void forwardForGradient(MethodEmitter e, int instruction) {
        Op op = program.ops[instruction];
        int pc = program.pcs[instruction];
        if (op == Ops.CATEGORICAL_LPMF) {
            int n = Instr.argSize(code, pc, 0);
            actionIndex(e, Instr.arg(code, pc, 1), n);
            e.insn(POP);
            e.mv.visitVarInsn(ALOAD, V);
            e.pushInt(Instr.arg(code, pc, 0));
            e.pushInt(n);
            e.pushInt(Instr.out(code, pc) + 1);
            e.invokeStatic(CategoricalLogMass.class, "weights", "([DIII)I");
            e.insn(POP);
        } else {
            callKernel(e, op, "forwardForGradient", pc);
        }
    }

    /**
     * {@code op.name(v, CODE, pc)}, or {@code op.name(v, bar, CODE, pc)} for {@code "backward"}: the
     * primitive's own kernel, called with a constant instruction position.
     */
    private static void callKernel(MethodEmitter e, Op op, String name, int pc) {
        boolean reverse = name.equals("backward");
        e.getOp(op);
        e.mv.visitVarInsn(ALOAD, V);
        if (reverse) e.mv.visitVarInsn(ALOAD, BAR);
        e.getCode();
        e.pushInt(pc);
        e.invokeVirtual(op, name, reverse ? BACKWARD : FORWARD);
        e.size += reverse ? 6 : 4;
    }

    /** The kernel's logsumexp: m = max, then m + log sum exp(x_i - m), or m itself when m is not finite. */
    private void logsumexp(MethodEmitter e, int x, int n, int y) {
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
    private void softmax(MethodEmitter e, int x, int n, int y) {
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

    void backward(MethodEmitter e, int instruction) {
        Op op = program.ops[instruction];
        int pc = program.pcs[instruction];
        int y = Instr.out(code, pc), n = Instr.outSize(code, pc);
        if (op == Ops.CATEGORICAL_LPMF && Instr.needs(code, pc, 0)) {
            // adjoint(v, bar, x, n, (int) v[a], y + 1, bar[y]): the kernel's call, its positions constants
            int x = Instr.arg(code, pc, 0), m = Instr.argSize(code, pc, 0);
            writes.kernelAccumulates(x, m);
            e.mv.visitVarInsn(ALOAD, V);
            e.mv.visitVarInsn(ALOAD, BAR);
            e.pushInt(x);
            e.pushInt(m);
            e.load(V, Instr.arg(code, pc, 1));
            e.insn(D2I);
            e.pushInt(y + 1);
            e.load(BAR, y);
            e.invokeStatic(CategoricalLogMass.class, "adjoint", "([D[DIIIID)V");
            e.size += 2;
        } else if (op == Ops.NORMAL_LPDF || op == Ops.NORMAL_LPDF_WITH_LOG_STD) {
            normalAdjoint(e, normalDensity(op), pc, y);
        } else if ((op == Ops.ADD || op == Ops.SUB) && n <= UNROLL) {
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
                e.getOp(u);
                e.load(V, x + i);
                e.load(V, y + i);
                e.invokeVirtual(u, "partial", "(DD)D");
                e.mv.visitVarInsn(DLOAD, yBar);
                e.insn(DMUL);
                e.accumulateEnd();
                e.endConditional(skip);
                e.size += 6;
            }
        } else if (op == Ops.DOT && Instr.argSize(code, pc, 0) <= UNROLL_PRODUCT_ADJOINT) {
            int a = Instr.arg(code, pc, 0), b = Instr.arg(code, pc, 1), m = Instr.argRows(code, pc, 0);
            int yBar = e.local();
            e.load(BAR, y);
            e.mv.visitVarInsn(DSTORE, yBar);
            if (Instr.needs(code, pc, 0)) for (int i = 0; i < m; i++) e.accumulateProduct(a + i, yBar, b + i);
            if (Instr.needs(code, pc, 1)) for (int i = 0; i < m; i++) e.accumulateProduct(b + i, yBar, a + i);
        } else if (op == Ops.MATVEC && Instr.argSize(code, pc, 0) <= UNROLL_PRODUCT_ADJOINT) {
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
            int k = constantIndex(instruction, Instr.argRows(code, pc, 0));
            if (k >= 0) {
                // s[2]: bar[x + 2] += bar[y], a generated write (so a parameter vector's stays in the gradient)
                e.accumulateStart(Instr.arg(code, pc, 0) + k);
                e.load(BAR, y);
                e.accumulateEnd();
                return;
            }
            // bar[x + (int) v[i]] += bar[y]; the forward sweep checked the index
            writes.kernelAccumulates(Instr.arg(code, pc, 0), Instr.argSize(code, pc, 0));
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
            writes.requireValid(y, n);
            for (int k = 0; k < Instr.arity(code, pc); k++) {
                if (Instr.needs(code, pc, k)) writes.kernelAccumulates(Instr.arg(code, pc, k), Instr.argSize(code, pc, k));
            }
            callKernel(e, op, "backward", pc);
        }
    }

    /** The class whose static kernels ({@code value}, {@code stdAdjoint}) a normal density's code calls. */
    private static Class<?> normalDensity(Op op) {
        return op == Ops.NORMAL_LPDF ? NormalLogDensity.class : NormalLogDensityWithLogStd.class;
    }

    /**
     * The normal densities' kernels, their arithmetic through the same static helpers
     * ({@code residual}, {@code stdAdjoint}) and their accumulations generated, so that a parameter's
     * adjoint among them (a log std read straight from theta) is written to the caller's gradient:
     * {@code bar[x] -= t}, {@code bar[mean] += t} with {@code t = yBar (x - mu) / sigma / sigma}, sigma's
     * share, and for {@code normal_lpdf_with_log_std} {@code bar[l] -= yBar}, or, when both sigma and l
     * take adjoints, the two shares of {@code NormalLogDensityWithLogStd.backwardScales} (which send a
     * sigma share too large for the chain rule through {@code exp} to l). {@code a - t} is
     * {@code a + (-t)} in IEEE arithmetic, so the bits are the kernel's.
     */
    private void normalAdjoint(MethodEmitter e, Class<?> density, int pc, int y) {
        int x = Instr.arg(code, pc, 0), mean = Instr.arg(code, pc, 1), std = Instr.arg(code, pc, 2);
        int yBar = e.local(), meanBar = e.local();
        e.load(BAR, y);
        e.mv.visitVarInsn(DSTORE, yBar);
        e.mv.visitVarInsn(DLOAD, yBar);
        e.load(V, x);
        e.load(V, mean);
        e.load(V, std);
        e.invokeStatic(NormalLogDensity.class, "residual", "(DDD)D");
        e.insn(DMUL);
        e.mv.visitVarInsn(DSTORE, meanBar);
        e.size += 6;
        if (Instr.needs(code, pc, 0)) {
            e.accumulateStart(x);
            e.mv.visitVarInsn(DLOAD, meanBar);
            e.insn(DNEG);
            e.accumulateEnd();
            e.size += 2;
        }
        if (Instr.needs(code, pc, 1)) {
            e.accumulateStart(mean);
            e.mv.visitVarInsn(DLOAD, meanBar);
            e.accumulateEnd();
            e.size += 2;
        }
        boolean scales = Instr.arity(code, pc) == 4 && Instr.needs(code, pc, 2) && Instr.needs(code, pc, 3);
        if (scales) {
            // NormalLogDensityWithLogStd.backwardScales: sigma's share t, then sigma's and l's from it
            int logStd = Instr.arg(code, pc, 3), t = e.local();
            e.mv.visitVarInsn(DLOAD, yBar);
            e.load(V, x);
            e.load(V, mean);
            e.load(V, std);
            e.invokeStatic(density, "stdAdjoint", "(DDDD)D");
            e.mv.visitVarInsn(DSTORE, t);
            e.accumulateStart(std);
            e.mv.visitVarInsn(DLOAD, t);
            e.load(V, std);
            e.load(V, logStd);
            e.invokeStatic(density, "stdShare", "(DDD)D");
            e.accumulateEnd();
            e.accumulateStart(logStd);
            e.mv.visitVarInsn(DLOAD, t);
            e.mv.visitVarInsn(DLOAD, yBar);
            e.load(V, x);
            e.load(V, mean);
            e.load(V, std);
            e.load(V, logStd);
            e.invokeStatic(density, "logStdShare", "(DDDDDD)D");
            e.accumulateEnd();
            e.size += 8;
            return;
        }
        if (Instr.needs(code, pc, 2)) {
            e.accumulateStart(std);
            e.mv.visitVarInsn(DLOAD, yBar);
            e.load(V, x);
            e.load(V, mean);
            e.load(V, std);
            e.invokeStatic(density, "stdAdjoint", "(DDDD)D");
            e.accumulateEnd();
            e.size += 2;
        }
        if (Instr.arity(code, pc) == 4 && Instr.needs(code, pc, 3)) {
            e.accumulateStart(Instr.arg(code, pc, 3));
            e.mv.visitVarInsn(DLOAD, yBar);
            e.insn(DNEG);
            e.accumulateEnd();
            e.size += 2;
        }
    }

    /**
     * The index of a {@code pick} whose index is a constant that {@link Pick#index} accepts for
     * {@code rows} elements, else -1 (an index read at run time, or one the kernel must refuse there).
     */
    private int constantIndex(int instruction, int rows) {
        if (!(program.node(instruction) instanceof Node.Apply a) || !(a.arg(1) instanceof Node.Const c)) return -1;
        double value = c.values()[0];
        int k = (int) value;
        return k == value && k >= 0 && k < rows ? k : -1;
    }

    /** Pushes {@code Pick.index(v[register], n)}: the action's index, or a domain error. */
    private static void actionIndex(MethodEmitter e, int register, int n) {
        e.load(V, register);
        e.pushInt(n);
        e.invokeStatic(Pick.class, "index", "(DI)I");
    }

    /**
     * {@code v[out] = 0 + v[left] v[right] + ... + v[left + length - 1] v[right + length - 1]}, summed in
     * index order as the kernels sum (a dot product, or one row of a matrix-vector product).
     */
    private static void storeDot(MethodEmitter e, int out, int left, int right, int length) {
        e.arrayIndex(V, out);
        e.insn(DCONST_0);
        for (int i = 0; i < length; i++) {
            e.load(V, left + i);
            e.load(V, right + i);
            e.insn(DMUL);
            e.insn(DADD);
        }
        e.insn(DASTORE);
    }
}
