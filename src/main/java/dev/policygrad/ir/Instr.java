package dev.policygrad.ir;

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
 */
public final class Instr {

    private Instr() {}

    /** Ints taken by an instruction with {@code arity} arguments. */
    public static int width(int arity) {
        return 4 + 4 * arity;
    }

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
