package dev.policygrad.verify;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Lqr;
import dev.policygrad.objective.SampledDifferences;
import dev.policygrad.objective.LqrObjective;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Task;

/**
 * The gradient of J that estimators are verified against ({@link EstimatorVerifier} runs the tests):
 * exact wherever J is (finite MDPs, Gaussian-affine LQR). Elsewhere it is
 * {@link SampledDifferences}: central differences of J from episodes independent of the
 * estimator's (seeds derived from ~seed), played until each component's standard error reaches the
 * requested one ({@link VerificationSettings#referenceError()}), or by default half the estimator's
 * smallest nonzero standard error within {@code episodes} episodes per side. Its standard error enters
 * the T^2 test; when it stays larger than the estimator's smallest, the report says the reference is
 * too noisy to carry the verdict.
 */
public final class References {

    private References() {}

    /** Whether J has an exact method here (then the reference is exact). */
    public static boolean exactObjective(Environment environment, Policy policy) {
        return environment instanceof FiniteMdp
                || (environment instanceof Lqr && LqrObjective.whyNotExact(policy) == null);
    }

    /**
     * How much noisier than the estimate's smallest standard error a capped reference must be predicted
     * to end (from its pilots) for it to stop after them. The prediction rests on the pilots' variances
     * (2000 episodes a side, a few percent off), so the margin keeps every reference that might have come
     * out precise enough.
     */
    static final double USELESS_FACTOR = 1.5;

    /**
     * What a reference standard error {@code wanted} costs, from the episodes the run found its target
     * {@code target} needs (the standard error falls as 1 / sqrt(n)), against those played.
     */
    private static String cost(SampledDifferences.Result r, int parameters, double target, double wanted) {
        long maxPerSide = 0;
        for (long n : r.perSide()) maxPerSide = Math.max(maxPerSide, n);
        double needed = Math.ceil(r.needed() * (target / wanted) * (target / wanted));
        return "needs about " + String.format("%.2g", needed) + " episodes per side of the noisiest component "
                + "(estimated from " + (r.stoppedAfterPilot() ? "the pilot" : "the reference's episodes") + "; up to "
                + String.format("%.2g", 2.0 * parameters * needed) + " in all), where this run played " + maxPerSide
                + " per side";
    }

    /**
     * The gradient of J to compare with: exact where possible; for continuous actions in episodes of
     * fixed length, central differences on common random numbers at a small step ({@link
     * MonteCarloObjective}); otherwise {@link SampledDifferences}, played to a target standard error;
     * always from seeds derived from ~seed (never the estimator's episodes).
     *
     * @param estimatorError the estimator's smallest nonzero standard error (for the default target,
     *                       and to say when the reference is too noisy); infinite when unknown
     */
    public static Reference of(Task task, double[] theta, VerificationSettings settings, double estimatorError,
            RolloutEngine engine) {
        Environment environment = task.environment();
        long seed = ~settings.seed();
        if (exactObjective(environment, task.policy())) {
            ObjectiveResult exact = Objectives.evaluate(environment, task.policy(), theta, 2, seed);
            return new Reference(exact.method(), exact.gradient(), exact.gradientError(), exact.note());
        }
        Double requested = settings.referenceError();
        if (requested == null && !task.policy().actions().isDiscrete() && !endsOnDone(environment)) {
            // continuous actions in episodes of fixed length: each episode is smooth in theta on its random
            // stream, so common random numbers at a small h give a precise difference (see MonteCarloObjective);
            // where 'done' can end an episode a step sooner, rare jumps would make its error unreliable
            ObjectiveResult crn = Objectives.evaluateReference(task, engine, theta, settings.episodes(), seed);
            return new Reference(crn.method(), crn.gradient(), crn.gradientError(), crn.note(), crn.gradientBias(),
                    crn.gradientErrors());
        }
        double target = requested != null ? requested
                : estimatorError > 0 && Double.isFinite(estimatorError) ? estimatorError / 2 : 1e-3;
        long cap = requested != null ? Integer.MAX_VALUE : Math.max(settings.episodes(), SampledDifferences.PILOT);
        // without a requested error, a reference that would stay far noisier than the estimate even at the cap
        // cannot carry a verdict however long it plays: the pilots tell, and the rest is not played
        double useless = requested == null && Double.isFinite(estimatorError) && estimatorError > 0
                ? USELESS_FACTOR * estimatorError : Double.POSITIVE_INFINITY;
        SampledDifferences.Result r = SampledDifferences.of(task, engine, theta, seed, target, cap, useless);
        ObjectiveResult result = SampledDifferences.asObjective(r, task.policy(), target, seed);
        String note = result.note();
        boolean tooNoisy = r.largestStandardError() > estimatorError;
        if (tooNoisy) {
            note += " The reference is too noisy to judge the estimator: its largest standard error ("
                    + String.format("%.3g", r.largestStandardError()) + ") exceeds the estimate's smallest ("
                    + String.format("%.3g", estimatorError) + "), so a bias below about "
                    + String.format("%.2g", 3 * r.largestStandardError()) + " cannot be seen; a reference standard "
                    + "error of " + String.format("%.2g", estimatorError / 2) + " gives a verdict that rests on it "
                    + "and " + cost(r, task.policy().parameters().size(), target, estimatorError / 2) + ".";
            if (r.stoppedAfterPilot()) {
                note += " The reference stopped after its pilots: with the cap of " + cap + " episodes per side its "
                        + "largest standard error would still be about " + String.format("%.3g", target
                        * Math.sqrt(r.needed() / cap)) + ", over " + USELESS_FACTOR + " times the estimate's smallest, "
                        + "so playing the rest could not have carried a verdict.";
            }
        }
        String biased = !tooNoisy ? "" : "the sampled reference is too noisy to judge the estimator: its largest "
                + "standard error (" + String.format("%.3g", r.largestStandardError()) + ") exceeds the estimate's "
                + "smallest (" + String.format("%.3g", estimatorError) + "); a reference standard error of "
                + String.format("%.2g", estimatorError / 2) + " (--reference-se) can carry a verdict and "
                + cost(r, task.policy().parameters().size(), target, estimatorError / 2);
        return Reference.sampled(result.method(), result.gradient(), r.standardErrors(), note, biased);
    }

    /** Whether an episode may end when a formula's 'done' becomes true, which can switch with theta. */
    private static boolean endsOnDone(Environment environment) {
        return environment instanceof dev.policygrad.env.FormulaEnvironment f && f.hasDone();
    }
}
