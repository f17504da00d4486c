package dev.policygrad.verify;

import java.util.List;

/**
 * The result of checking an estimator against a reference gradient: data first; {@link Reports}
 * renders it as text or JSON.
 *
 * @param estimator          the estimator's label
 * @param baseline           the baseline's label
 * @param episodes           N, the episodes sampled (for an exact check: those used to fit the baseline, or 0)
 * @param parameters         the flattened parameter names
 * @param reference          the reference gradient
 * @param estimate           the sample mean g_bar, or the exact expectation E[g]
 * @param standardError      per-component standard errors (null for an exact check)
 * @param test               the statistics behind the verdict
 * @param verdict            consistent or inconsistent
 * @param reason             one sentence explaining the verdict
 * @param varianceReduction  what the baseline bought on the same episodes, or null
 * @param warnings           what the verdict does not see (episodes cut at a step cap), one sentence each
 */
public record VerificationReport(String estimator, String baseline, int episodes, List<String> parameters,
        Reference reference, double[] estimate, double[] standardError, Test test, Verdict verdict, String reason,
        VarianceReduction varianceReduction, List<String> warnings) {

    public VerificationReport {
        warnings = List.copyOf(warnings);
    }

    /** The statistics behind a verdict. */
    public sealed interface Test {
    }

    /**
     * A sampled check: T^2 on the varying subspace ({@link SubspaceHotelling}) at level {@code alpha}.
     */
    public record Sampled(SubspaceHotelling.Result hotelling, double alpha) implements Test {
    }

    /**
     * An exact check: E[g] over every trajectory against the reference, component by component within
     * {@code tolerance}; {@code baselineTerm} is E[sum_t c_t b_t grad log pi] for the fixed baseline
     * used (zero in exact arithmetic), or null without a baseline.
     */
    public record Exact(double maxDifference, double tolerance, double[] baselineTerm, long trajectories,
            double totalProbability) implements Test {
    }

    /**
     * (g_bar_j - r_j) / sqrt(se_j^2 + sr_j^2), with sr_j the reference's standard error where it is sampled
     * (0 for an exact one), as the T^2 test counts it; null for an exact check. NaN where both are 0.
     */
    public double[] zScores() {
        if (standardError == null) return null;
        double[] r = reference.gradient();
        double[] referenceVariance = reference.standardErrors() != null ? reference.variances() : new double[r.length];
        double[] z = new double[estimate.length];
        for (int j = 0; j < z.length; j++) {
            double se = Math.sqrt(standardError[j] * standardError[j] + referenceVariance[j]);
            z[j] = se == 0 ? Double.NaN : (estimate[j] - r[j]) / se;
        }
        return z;
    }

    public VerificationReport withVarianceReduction(VarianceReduction reduction) {
        return new VerificationReport(estimator, baseline, episodes, parameters, reference, estimate, standardError,
                test, verdict, reason, reduction, warnings);
    }

    public VerificationReport withReason(String reason) {
        return new VerificationReport(estimator, baseline, episodes, parameters, reference, estimate, standardError,
                test, verdict, reason, varianceReduction, warnings);
    }

    public VerificationReport withWarning(String warning) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.add(warning);
        return new VerificationReport(estimator, baseline, episodes, parameters, reference, estimate, standardError,
                test, verdict, reason, varianceReduction, all);
    }

    /** The report as {@code policygrad verify} prints it. */
    @Override
    public String toString() {
        return Reports.text(this);
    }
}
