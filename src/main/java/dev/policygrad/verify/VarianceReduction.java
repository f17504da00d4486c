package dev.policygrad.verify;

/**
 * What a baseline buys: the total variance (trace of the covariance) of one episode's estimate with
 * and without it, measured on the same episodes (same seed).
 */
public record VarianceReduction(String baseline, double withoutBaseline, double withBaseline) {

    /** withoutBaseline / withBaseline: how many times fewer episodes reach the same standard error. */
    public double factor() {
        return withoutBaseline / withBaseline;
    }
}
