package dev.policygrad.verify;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Lqr;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.objective.IndependentDifferences;
import dev.policygrad.objective.LqrObjective;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Task;
import java.util.function.LongConsumer;

/**
 * A sampled verification end to end, on any rollout engine: the estimator's batch, the reference
 * gradient, the T^2 test and (with a baseline) the variance the baseline removed on the same episodes.
 *
 * <p>The reference is exact where J is (finite MDPs, Gaussian-affine LQR). Elsewhere it is
 * {@link IndependentDifferences}: central differences of J from episodes independent of the
 * estimator's (seeds derived from ~seed), run until each component's standard error reaches the
 * requested one, or, by default, half the estimator's smallest nonzero standard error within
 * {@code referenceEpisodes} episodes per side. Its standard error enters the T^2 test. When it stays
 * larger than the estimator's, the report says the reference is too noisy to carry the verdict.
 */
public final class Verifier {

    /**
     * @param estimator         the estimator under test
     * @param batch             its episodes and seed
     * @param alpha             the test's level
     * @param referenceError    the standard error to reach per component of a sampled reference, or null
     *                          for half the estimator's smallest
     * @param referenceEpisodes the most episodes per side and component of a sampled reference
     */
    public record Settings(Estimator estimator, Batch batch, double alpha, Double referenceError,
            long referenceEpisodes) {}

    /**
     * @param report   the verdict and what it rests on
     * @param cutAtCap the estimator's episodes stopped by the environment's safety cap (their estimates
     *                 miss the rest of the episode)
     */
    public record Outcome(VerificationReport report, int cutAtCap) {}

    private Verifier() {}

    /** Runs the check; {@code progress} hears the estimator's episodes (of {@link #episodesToReport}). */
    public static Outcome sampled(Task task, double[] theta, Settings settings, RolloutEngine engine,
            LongConsumer progress) {
        Estimator chosen = settings.estimator();
        Batch batch = settings.batch();
        Estimate estimate = chosen.estimate(task, theta, batch, engine, progress);
        Reference reference = reference(task, theta, batch.seed(), settings, smallestError(estimate), engine);
        VerificationReport report = Verification.sampled(estimate, reference, settings.alpha());
        if (chosen.baseline() != BaselineKind.NONE) {
            long offset = (long) batch.episodes() * chosen.passes();
            Estimate plain = Estimator.of(chosen.kind()).estimate(task, theta, batch, engine,
                    progress == null ? null : done -> progress.accept(offset + done));
            report = report.withVarianceReduction(new VarianceReduction(chosen.baseline().label(),
                    plain.totalVariance(), estimate.totalVariance()));
        }
        return new Outcome(report, estimate.cutAtCap());
    }

    /** The estimator episodes {@link #sampled} plays: the batch per pass, and once more to compare baselines. */
    public static long episodesToReport(Settings settings) {
        Estimator e = settings.estimator();
        return (long) settings.batch().episodes() * (e.passes() + (e.baseline() != BaselineKind.NONE ? 1 : 0));
    }

    /** Whether J has an exact method here (then the reference is exact). */
    public static boolean exactObjective(Environment environment, Task task) {
        return environment instanceof FiniteMdp
                || (environment instanceof Lqr && LqrObjective.whyNotExact(task.policy()) == null);
    }

    /**
     * The gradient of J to compare with: exact where possible; otherwise independent central
     * differences from seeds derived from ~seed (never the estimator's episodes).
     *
     * @param estimatorError the estimator's smallest nonzero standard error, for the default target
     */
    public static Reference reference(Task task, double[] theta, long seed, Settings settings, double estimatorError,
            RolloutEngine engine) {
        Environment environment = task.environment();
        if (exactObjective(environment, task)) {
            ObjectiveResult exact = Objectives.evaluate(environment, task.policy(), theta, 2, ~seed);
            return new Reference(exact.method(), exact.gradient(), exact.gradientError(), exact.note());
        }
        double target = settings.referenceError() != null ? settings.referenceError()
                : estimatorError > 0 && Double.isFinite(estimatorError) ? estimatorError / 2 : 1e-3;
        long cap = settings.referenceError() != null ? Math.max(settings.referenceEpisodes(), 1L << 30)
                : settings.referenceEpisodes();
        IndependentDifferences.Result r = IndependentDifferences.of(task, engine, theta, ~seed, target, cap);
        ObjectiveResult result = IndependentDifferences.asObjective(r, task.policy(), target, ~seed);
        String note = result.note();
        if (r.largestStandardError() > estimatorError) {
            note += " The reference is too noisy to judge the estimator: its largest standard error ("
                    + String.format("%.3g", r.largestStandardError()) + ") exceeds the estimate's smallest ("
                    + String.format("%.3g", estimatorError) + "), so a bias below about "
                    + String.format("%.2g", 3 * r.largestStandardError()) + " cannot be seen; pass --reference-se "
                    + String.format("%.2g", estimatorError / 2) + " (more episodes) for a verdict that rests on it.";
        }
        return new Reference(result.method(), result.gradient(), r.largestStandardError(), note,
                r.largestStandardError() > estimatorError);
    }

    private static double smallestError(Estimate estimate) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : estimate.standardError()) if (s > 0 && s < smallest) smallest = s;
        return smallest;
    }
}
