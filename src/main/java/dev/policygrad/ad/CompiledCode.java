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
     * Whether the class has {@link #backward(double[], double[], double[], int)}: every write to a
     * parameter's adjoint is generated code (no kernel call accumulates into one), so the sweep can
     * write them to the caller's array.
     */
    abstract boolean writesGradientInPlace();

    /**
     * The reverse sweep with the parameters' adjoints written to {@code gradient[offset, offset + P)}
     * (bounds checked by the caller) instead of {@code bar}, whose parameter registers it leaves as they
     * were; generated where {@link #writesGradientInPlace()}.
     */
    void backward(double[] v, double[] bar, double[] gradient, int offset) {
        throw new IllegalStateException("this program's reverse sweep writes the parameters' adjoints to bar");
    }
}
