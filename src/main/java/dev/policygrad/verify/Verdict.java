package dev.policygrad.verify;

/** The outcome of a verification. */
public enum Verdict {
    /** The estimator agrees with the reference gradient (exactly, or as far as the test can tell). */
    CONSISTENT("consistent"),
    /** The estimator's expectation differs from the reference gradient. */
    INCONSISTENT("inconsistent"),
    /**
     * No verdict: the reference gradient cannot carry one (it is biased, such as a finite-difference
     * secant of a piecewise-constant Monte Carlo estimate), so agreement or disagreement with it
     * says nothing about the estimator.
     */
    UNDECIDED("undecided");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
