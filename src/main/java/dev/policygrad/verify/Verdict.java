package dev.policygrad.verify;

/** The outcome of a verification. */
public enum Verdict {
    /** The estimator agrees with the reference gradient (exactly, or as far as the test can tell). */
    CONSISTENT("consistent"),
    /** The estimator's expectation differs from the reference gradient. */
    INCONSISTENT("inconsistent");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
