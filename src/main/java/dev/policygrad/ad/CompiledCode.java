package dev.policygrad.ad;

/**
 * The supertype of the class {@link BytecodeCompiler} generates for one {@link Program}: the
 * program's instructions as straight-line code over the value array {@code v} and the adjoint array
 * {@code bar}, with every register index and shape a constant. Stateless: one instance serves every
 * tape and thread.
 */
abstract class CompiledCode {

    /** Instructions {@code [0, sideEnd)}: what outputs 1.. need (nothing when {@code sideEnd} is -1). */
    abstract void side(double[] v);

    /** Instructions {@code [max(sideEnd, 0), actionStart)}: the rest of what does not read the action. */
    abstract void state(double[] v);

    /** Instructions {@code [actionStart, instructionCount)}. */
    abstract void action(double[] v);

    /** {@link #side} then {@link #state}, in one call. */
    abstract void sideAndState(double[] v);

    /** {@link #side}, {@link #state} then {@link #action}, in one call. */
    abstract void all(double[] v);

    /**
     * Instructions {@code [actionStart, gradientEnd)}, then a skipped root's {@link dev.policygrad.ir.Op#forwardForGradient}:
     * {@link #action} as far as the gradient alone needs it.
     */
    abstract void actionForGradient(double[] v);

    /** The reverse sweep for output 0 (its adjoint already seeded in {@code bar}). */
    abstract void backward(double[] v, double[] bar);

    /**
     * The reverse sweep with the parameters' adjoints written to {@code gradient[offset, offset + P)}
     * (bounds checked by the caller), straight from the sweep where every write to them is generated
     * code, else copied from {@code bar} after it; {@code bar}'s parameter registers are then not used.
     */
    abstract void backward(double[] v, double[] bar, double[] gradient, int offset);
}
