package dev.policygrad.verify;

import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.ExactExpectation;
import dev.policygrad.estimate.Estimator;
import java.util.List;

/**
 * Checks a gradient estimator against a reference gradient of J: by sampling (a batch of per-episode
 * estimates, tested with {@link SubspaceHotelling}) or exactly (the estimator's expectation over
 * every trajectory of a finite MDP, from {@link ExactExpectation}).
 */
public final class Verification {

    /** The default level of the sampled test: a correct estimator is called inconsistent 1 time in 1000. */
    public static final double DEFAULT_ALPHA = 1e-3;

    /** Relative tolerance of the exact check. */
    public static final double EXACT_RELATIVE = 1e-9;

    /** Absolute floor of the exact check, for gradients that are (nearly) zero. */
    public static final double EXACT_ABSOLUTE = 1e-12;

    private Verification() {}

    /**
     * Inconsistent when the T^2 test rejects at {@code alpha}; consistent when it does not and the mean
     * equals the reference in every direction where the estimates do not vary; undecided otherwise, or
     * with too few episodes for the test ({@link SubspaceHotelling.Result#undecided}).
     */
    public static VerificationReport sampled(Estimate estimate, Reference reference, double alpha) {
        if (!(alpha > 0 && alpha < 1)) throw new dev.policygrad.diag.UsageError("alpha must lie in (0, 1), got " + alpha);
        SubspaceHotelling.Result h = SubspaceHotelling.test(estimate, reference);
        if (h.rejectsByF(alpha)) {
            // the estimator's baseline is fitted on the batch itself (leave-one-out or cross-fitted), so its
            // estimates are not one per independent episode, and resampling them would not resample episodes
            h = h.withBootstrap(BootstrapCalibration.skipped("a baseline fitted on the batch ties the episodes' "
                    + "estimates together, so they are not resampled"));
        }
        Verdict verdict = h.rejects(alpha) ? Verdict.INCONSISTENT
                : h.undecided(alpha) ? Verdict.UNDECIDED : Verdict.CONSISTENT;
        String reason = h.describe(alpha);
        if (!reference.carriesVerdict()) {
            verdict = Verdict.UNDECIDED;
            reason = undecided(reference, "the test against it gives " + reason);
        } else {
            // where the power figure of the test (the smallest bias it could have seen) belongs, beside p
            reason = "sampled test against " + reference.basis() + ": " + reason;
        }
        return new VerificationReport(estimate.estimator(), estimate.baseline(), estimate.episodes(),
                estimate.parameterNames(), reference, estimate.mean(), estimate.standardError(),
                new VerificationReport.Sampled(h, alpha), verdict, reason, null, List.of());
    }

    /**
     * Consistent when |E[g]_j - r_j| &lt;= 1e-9 max_i |r_i| + 1e-12 + the reference's error for every j.
     *
     * @param episodes the episodes used to fit the frozen baseline (0 without one)
     */
    public static VerificationReport exact(Estimator estimator, ExactExpectation exact, Reference reference,
            List<String> parameters, int episodes) {
        double[] e = exact.expectation();
        double[] r = reference.gradient();
        double scale = 0;
        for (double x : r) scale = Math.max(scale, Math.abs(x));
        double tolerance = EXACT_RELATIVE * scale + EXACT_ABSOLUTE + reference.error();
        double worst = 0;
        int worstIndex = -1;
        for (int j = 0; j < e.length; j++) {
            double diff = Math.abs(e[j] - r[j]);
            if (!(diff <= worst)) {
                worst = diff;
                worstIndex = j;
            }
        }
        boolean ok = worst <= tolerance;
        Verdict verdict = ok ? Verdict.CONSISTENT : Verdict.INCONSISTENT;
        String reason = ok
                ? "the exact expectation matches the reference to " + String.format("%.3g", worst) + " (tolerance "
                        + String.format("%.3g", tolerance) + ")"
                : "the exact expectation differs from the reference by " + String.format("%.6g", worst) + " at "
                        + parameters.get(worstIndex) + " (tolerance " + String.format("%.3g", tolerance) + ")";
        reason = "exact expectation against " + reference.basis() + ": " + reason;
        if (!reference.carriesVerdict()) {
            verdict = Verdict.UNDECIDED;
            reason = undecided(reference, reason);
        }
        double[] baselineTerm = estimator.kind().takesBaseline() && estimator.baseline() != BaselineKind.NONE
                ? exact.baselineTerm() : null;
        return new VerificationReport(estimator.kind().label(), estimator.baseline().label(), episodes, parameters,
                reference, e, null, new VerificationReport.Exact(worst, tolerance, baselineTerm, exact.trajectories(),
                        exact.totalProbability()), verdict, reason, null, List.of());
    }

    /** The reason given for {@link Verdict#UNDECIDED}: why, what the test said anyway, and how to get a verdict. */
    static String undecided(Reference reference, String result) {
        return "the reference gradient cannot carry a verdict: " + reference.biased() + " (" + result + "). For a "
                + "verdict, verify on a task whose J is exact (a finite 'mdp', or 'env lqr' with an affine Gaussian "
                + "policy), or against an independent unbiased reference gradient (--reference-se)";
    }
}
