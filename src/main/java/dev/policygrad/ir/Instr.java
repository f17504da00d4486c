package dev.policygrad.ir;

import java.util.List;

/**
 * The layout of one instruction in a compiled tape's flat {@code int[] code}, starting at {@code pc}:
 * <pre>
 *   code[pc]              number of arguments n
 *   code[pc + 1]          result register (offset into the value and adjoint arrays)
 *   code[pc + 2], [pc+3]  result rows, cols
 *   code[pc + 4 + 4k]     register of argument k
 *   code[pc + 5 + 4k]     rows of argument k
 *   code[pc + 6 + 4k]     cols of argument k
 *   code[pc + 7 + 4k]     1 when argument k needs an adjoint (it depends on a parameter), else 0
 * </pre>
 * Values are row-major; a scalar is 1 x 1, a vector of n is n x 1.
 *
 * <p>This class is the only one that knows the layout: the tape builder writes instructions with
 * {@link #writeResult} and {@link #writeArg}, kernels and backends read them with the accessors, and
 * constant folding runs a kernel on constants through {@link #evaluate}.
 */
public final class Instr {

    private Instr() {}

    /** Ints taken by an instruction with {@code arity} arguments. */
    public static int width(int arity) {
        return 4 + 4 * arity;
    }

    // ---- writing ----

    /** Writes the head of an instruction: its arity and its result's register and shape. */
    public static void writeResult(int[] code, int pc, int arity, int register, Shape shape) {
        code[pc] = arity;
        code[pc + 1] = register;
        code[pc + 2] = shape.rows();
        code[pc + 3] = shape.cols();
    }

    /** Writes argument {@code k}: its register, its shape and whether it needs an adjoint. */
    public static void writeArg(int[] code, int pc, int k, int register, Shape shape, boolean needsAdjoint) {
        code[pc + 4 + 4 * k] = register;
        code[pc + 5 + 4 * k] = shape.rows();
        code[pc + 6 + 4 * k] = shape.cols();
        code[pc + 7 + 4 * k] = needsAdjoint ? 1 : 0;
    }

    /**
     * {@code op(args)} with the primitive's own tape kernel, on a scratch value array laid out as one
     * instruction: how constants are folded at check time and by the simplifier.
     *
     * @throws DomainError when an argument lies outside the primitive's domain
     */
    public static double[] evaluate(Op op, Shape shape, List<Node.Const> args) {
        int total = shape.size();
        for (Node.Const c : args) total += c.shape().size();
        double[] v = new double[total];
        int[] code = new int[width(args.size())];
        int register = 0;
        for (int k = 0; k < args.size(); k++) {
            Node.Const c = args.get(k);
            System.arraycopy(c.values(), 0, v, register, c.shape().size());
            writeArg(code, 0, k, register, c.shape(), false);
            register += c.shape().size();
        }
        writeResult(code, 0, args.size(), register, shape);
        op.forward(v, code, 0);
        double[] out = new double[shape.size()];
        System.arraycopy(v, register, out, 0, out.length);
        return out;
    }

    // ---- reading ----

    public static int arity(int[] code, int pc) {
        return code[pc];
    }

    public static int out(int[] code, int pc) {
        return code[pc + 1];
    }

    public static int outRows(int[] code, int pc) {
        return code[pc + 2];
    }

    public static int outCols(int[] code, int pc) {
        return code[pc + 3];
    }

    public static int outSize(int[] code, int pc) {
        return code[pc + 2] * code[pc + 3];
    }

    public static int arg(int[] code, int pc, int k) {
        return code[pc + 4 + 4 * k];
    }

    public static int argRows(int[] code, int pc, int k) {
        return code[pc + 5 + 4 * k];
    }

    public static int argCols(int[] code, int pc, int k) {
        return code[pc + 6 + 4 * k];
    }

    public static int argSize(int[] code, int pc, int k) {
        return code[pc + 5 + 4 * k] * code[pc + 6 + 4 * k];
    }

    public static boolean needs(int[] code, int pc, int k) {
        return code[pc + 7 + 4 * k] != 0;
    }
}
