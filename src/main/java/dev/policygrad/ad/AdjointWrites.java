package dev.policygrad.ad;

import java.util.BitSet;

/**
 * While a reverse sweep is generated, in schedule order: which adjoint registers already hold a valid
 * partial sum at this point of the sweep (seeded, cleared at its start, or written), and which must
 * be cleared at its start because they are read, or accumulated into by a kernel, before any
 * write. The first unconditional write to any other register assigns instead of accumulating, so
 * only the registers listed here are cleared on each call, not the whole adjoint array.
 */
final class AdjointWrites {

    private final boolean[] valid;
    private final BitSet cleared = new BitSet();
    /**
     * The parameters' adjoints, registers {@code [0, parametersInGradient)}, live in the caller's gradient
     * array rather than in {@code bar} (0: they live in {@code bar}).
     */
    private final int parametersInGradient;
    private boolean kernelWritesParameter;

    AdjointWrites(int registers, int parametersInGradient) {
        this.valid = new boolean[registers];
        this.parametersInGradient = parametersInGradient;
    }

    /** Whether adjoint {@code register} is a parameter's, written to the caller's gradient array. */
    boolean inGradient(int register) {
        return register < parametersInGradient;
    }

    /**
     * A kernel is handed {@code bar} to accumulate into adjoints {@code [from, from + count)}: they must
     * be valid from the sweep's start ({@link #requireValid}), and if a parameter's is among them, the
     * parameters' adjoints cannot live in the gradient array.
     */
    void kernelAccumulates(int from, int count) {
        requireValid(from, count);
        if (count > 0 && from < parametersInGradient) kernelWritesParameter = true;
    }

    boolean kernelWritesParameter() {
        return kernelWritesParameter;
    }

    boolean valid(int register) {
        return valid[register];
    }

    /** The register now holds a partial sum (seeded, or assigned by a first write). */
    void markWritten(int register) {
        valid[register] = true;
    }

    /** Makes {@code register} valid from the start of the sweep, clearing it there if nothing has written it. */
    void requireValid(int register) {
        if (!valid[register]) {
            valid[register] = true;
            cleared.set(register);
        }
    }

    void requireValid(int from, int count) {
        for (int r = from; r < from + count; r++) requireValid(r);
    }

    /** The registers to clear at the start of the sweep. */
    BitSet cleared() {
        return cleared;
    }
}
