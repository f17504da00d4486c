package dev.policygrad.verify;

import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.ExactExpectation;
import dev.policygrad.estimate.StepBaseline;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.MonteCarloObjective;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Policy;
import java.util.function.IntConsumer;

/**
 * Verifies an estimator of the policy gradient against the gradient of J, choosing what a careful
 * person would: the reference is exact wherever J is (finite MDPs, Gaussian-affine LQR), otherwise a
 * Monte Carlo estimate from episodes independent of the estimator's; the test is exact (the
 * estimator's expectation over every trajectory) when asked and possible, otherwise Hotelling's T^2
 * on the sampled estimates. With a baseline, the plain estimator is run on the same episodes too, so
 * the report can say what the baseline bought.
 */
public final class Verifier {

    private Verifier() {}

    /**
     * Refuses up front a sampled verification whose per-episode estimates cannot fit in memory: the
     * T^2 test keeps one row of {@code parameters} doubles per episode (and the reference as many
     * again), so {@code --episodes 2000000000} would fill the heap and fail after minutes.
     */
    static void requireMemory(int episodes, int parameters, boolean exact) {
        if (exact) return;
        long bytes = 3L * 8 * episodes * Math.max(1, parameters);
        long available = Runtime.getRuntime().maxMemory() / 2;
        if (bytes > available) {
            throw new dev.policygrad.diag.UsageError("--episodes " + episodes + " with " + parameters + " parameter(s) "
                    + "needs about " + (bytes >> 20) + " MB for the per-episode estimates, more than the "
                    + (available >> 20) + " MB this run can use; use at most about "
                    + Math.max(2, available / (3L * 8 * Math.max(1, parameters))) + " episodes");
        }
    }

    /** The number of episodes {@link #verify} plays when sampling (for a progress bar). */
    public static long episodesToPlay(VerificationSettings settings) {
        if (settings.exact()) return 0;
        Estimator chosen = settings.estimator();
        return (long) settings.episodes() * (chosen.passes() + (chosen.baseline() != BaselineKind.NONE ? 1 : 0));
    }

    /**
     * The episodes {@link #verify} plays in all: the estimator's, and the Monte Carlo reference's where
     * the reference is not exact (for a progress bar that does not sit at its end while the reference
     * is computed).
     */
    public static long episodesToPlay(VerificationSettings settings, Policy policy, Environment environment) {
        long estimator = episodesToPlay(settings);
        if (settings.exact() || Objectives.exact(environment, policy)) return estimator;
        return estimator + MonteCarloObjective.episodesToPlay(policy.parameterNames().size(), settings.episodes());
    }

    /**
     * @param progress told the number of episodes played so far (from any thread), or null
     */
    public static VerificationReport verify(Policy policy, Environment environment, double[] theta,
            VerificationSettings settings, IntConsumer progress) {
        requireMemory(settings.episodes(), theta.length, settings.exact());
        Batch batch = new Batch(settings.episodes(), settings.seed(), settings.threads());
        return settings.exact()
                ? exact(settings.estimator(), policy, environment, theta, batch)
                : sampled(settings.estimator(), policy, environment, theta, batch, settings.alpha(), progress);
    }

    /**
     * The gradient of J to compare with: exact where possible; otherwise a Monte Carlo estimate from
     * the episodes of seed {@code ~seed}, independent of the estimator's (seed {@code seed}), whose
     * standard error the test then includes.
     */
    public static Reference reference(Policy policy, Environment environment, double[] theta, int episodes, long seed) {
        return reference(policy, environment, theta, episodes, seed, null);
    }

    /** As {@link #reference(Policy, Environment, double[], int, long)}, telling {@code progress} its episodes. */
    public static Reference reference(Policy policy, Environment environment, double[] theta, int episodes, long seed,
            IntConsumer progress) {
        ObjectiveResult result = Objectives.evaluate(environment, policy, theta, episodes, ~seed, progress);
        return new Reference(result.method(), result.gradient(), result.gradientError(), result.note(),
                result.gradientBias());
    }

    private static VerificationReport exact(Estimator chosen, Policy policy, Environment environment, double[] theta,
            Batch batch) {
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("an exact verification enumerates every trajectory, so it needs an 'mdp' block with a "
                    + "horizon; " + environment.name() + " is not a finite MDP");
        }
        if (mdp.hasHorizon()) dev.policygrad.env.TrajectoryBound.require(mdp, dev.policygrad.rollout.Trajectories.MAX_TRAJECTORIES,
                "an exact verification");
        boolean fitted = chosen.baseline() != BaselineKind.NONE;
        StepBaseline baseline = fitted ? chosen.frozenBaseline(policy, mdp, theta, batch) : StepBaseline.ZERO;
        ExactExpectation expectation = ExactExpectation.over(mdp, chosen, baseline, policy, theta);
        return Verification.exact(chosen, expectation,
                reference(policy, environment, theta, batch.episodes(), batch.seed()), policy.parameterNames(),
                fitted ? batch.episodes() : 0);
    }

    private static VerificationReport sampled(Estimator chosen, Policy policy, Environment environment, double[] theta,
            Batch batch, double alpha, IntConsumer progress) {
        Estimate estimate = chosen.estimate(policy, environment, theta, batch, offset(progress, 0));
        int estimatorEpisodes = batch.episodes() * (chosen.passes() + (chosen.baseline() != BaselineKind.NONE ? 1 : 0));
        VerificationReport report = Verification.sampled(estimate,
                reference(policy, environment, theta, batch.episodes(), batch.seed(), offset(progress, estimatorEpisodes)),
                alpha);
        if (chosen.baseline() != BaselineKind.NONE) {
            Estimate plain = Estimator.of(chosen.kind()).estimate(policy, environment, theta, batch,
                    offset(progress, batch.episodes() * chosen.passes()));
            report = report.withVarianceReduction(new VarianceReduction(chosen.baseline().label(),
                    plain.totalVariance(), estimate.totalVariance()));
        }
        if (estimate.cutAtCap() > 0) {
            report = report.withWarning(estimate.cutAtCap() + " episode(s) were cut at the " + environment.horizon()
                    + "-step cap without finishing; their estimates miss the rest of the episode");
        }
        return report;
    }

    private static IntConsumer offset(IntConsumer progress, int offset) {
        return progress == null ? null : done -> progress.accept(offset + done);
    }
}
