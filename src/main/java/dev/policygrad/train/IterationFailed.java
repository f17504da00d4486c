package dev.policygrad.train;

import dev.policygrad.diag.PolicygradException;

/**
 * A training iteration that could not be completed: an evaluation error inside it, or a step that
 * left theta non-finite (the run diverged). Keeps the cause's location and kind, so it renders as
 * the cause does, with a message that names the iteration. The run it came from is left at the last
 * completed iteration, so whatever was computed before can still be written out.
 */
public final class IterationFailed extends PolicygradException {

    private final String kind;
    private final int iteration;

    /** Iteration {@code iteration} failed with {@code cause}; {@code message} says so. */
    public IterationFailed(PolicygradException cause, int iteration, String message) {
        super(cause.span(), message);
        this.kind = cause.kind();
        this.iteration = iteration;
    }

    /** The same failure told with {@code message}. */
    public IterationFailed withMessage(String message) {
        return new IterationFailed(this, iteration, message);
    }

    /** The iteration that failed; those before it completed. */
    public int iteration() {
        return iteration;
    }

    @Override
    public String kind() {
        return kind;
    }
}
