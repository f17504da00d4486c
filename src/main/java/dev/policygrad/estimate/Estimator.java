package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.function.IntConsumer;

/**
 * A REINFORCE estimator of grad J (Williams 1992): an {@link EstimatorKind} (step (9) of the derivation (docs/derivation.md) or
 * (11), or the biased control) with a {@link BaselineKind}. {@link #estimate} plays a batch of
 * episodes and returns each episode's estimate
 * g(tau) = sum_{t=0}^{T-1} w_t grad log pi(a_t | s_t) with the kind's weights w_t.
 *
 * <p>Per episode, the steps are recorded into a reused {@link Episode}; a backward sweep gives the
 * returns-to-go, then each step adds w_t grad log pi(a_t | s_t) to the episode's row, from the
 * scores the episode kept while sampling or else through {@link Evaluator#accumulateScore}: nothing
 * is allocated per step. With a baseline the batch is
 * played twice from the same seed, which replays the same episodes: once to fit the baseline, once to
 * apply it.
 */
public record Estimator(EstimatorKind kind, BaselineKind baseline) {

    public Estimator {
        if (!kind.takesBaseline() && baseline != BaselineKind.NONE) {
            throw new UsageError("the " + kind.label() + " estimator (step (9)) takes no baseline; use the "
                    + "reward-to-go estimator with the " + baseline.label() + " baseline");
        }
    }

    /** The plain estimator of the given kind. */
    public static Estimator of(EstimatorKind kind) {
        return new Estimator(kind, BaselineKind.NONE);
    }

    /** Times the batch is played: 2 with a baseline (fit, then apply), else 1. */
    public int passes() {
        return baseline == BaselineKind.NONE ? 1 : 2;
    }

    /** Plays {@code batch} and returns the per-episode estimates with their moments. */
    public Estimate estimate(Policy policy, Environment environment, double[] theta, Batch batch) {
        return estimate(policy, environment, theta, batch, null);
    }

    /**
     * As {@link #estimate(Policy, Environment, double[], Batch)}, telling {@code progress} how many
     * episodes of the {@code passes() * batch.episodes()} are done.
     */
    public Estimate estimate(Policy policy, Environment environment, double[] theta, Batch batch,
            IntConsumer progress) {
        checkCompatible(policy, environment, theta);
        int n = batch.episodes();
        int p = policy.parameters().size();
        Rollouts fitting = new Rollouts(policy, environment, theta, batch.seed(), batch.threads(), progress);
        StepBaseline fitted;
        switch (baseline) {
            case MEAN: fitted = MeanBaseline.fit(fitting, n); break;
            case VALUE: fitted = ValueBaseline.fit(fitting, n, environment.observationSize()); break;
            default: fitted = StepBaseline.ZERO;
        }
        int offset = passes() == 2 ? n : 0;
        IntConsumer secondPass = progress == null ? null : done -> progress.accept(offset + done);
        Rollouts rollouts = new Rollouts(policy, environment, theta, batch.seed(), batch.threads(), secondPass);
        double[][] rows = new double[n][p];
        double[] returns = new double[n];
        long[] steps = new long[n];
        boolean[] cut = new boolean[n];
        double gamma = environment.gamma();
        boolean cap = environment.horizonIsCap();
        rollouts.run(n, b -> null, (index, worker, unused) -> {
            accumulate(kind, gamma, fitted, index, worker.episode, worker.evaluator, theta, worker.state, rows[index]);
            returns[index] = worker.episode.totalReturn();
            steps[index] = worker.episode.length();
            cut[index] = cap && !worker.episode.terminated() && worker.episode.length() == environment.horizon();
        });
        double returnSum = 0;
        long stepSum = 0;
        int cutAtCap = 0;
        for (int i = 0; i < n; i++) {
            returnSum += returns[i];
            stepSum += steps[i];
            if (cut[i]) cutAtCap++;
        }
        double meanReturn = returnSum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) squares += (returns[i] - meanReturn) * (returns[i] - meanReturn);
        return Estimate.of(kind.label(), baseline.label(), policy.parameterNames(), rows, stepSum, meanReturn,
                squares / (n - 1), cutAtCap);
    }

    /**
     * The baseline this estimator would use on {@code batch}, fitted and then frozen into a fixed
     * function of the state and step that no longer depends on which episode it is applied to: for
     * {@code mean} the batch mean b_t of the returns-to-go at step t, for {@code value} the least-squares
     * b(s) = w . [s, 1] on the whole batch; b = 0 for {@code none}. Used by {@link ExactExpectation}.
     */
    public StepBaseline frozenBaseline(Policy policy, Environment environment, double[] theta, Batch batch) {
        checkCompatible(policy, environment, theta);
        Rollouts rollouts = new Rollouts(policy, environment, theta, batch.seed(), batch.threads(), null);
        switch (baseline) {
            case MEAN: return MeanBaseline.fit(rollouts, batch.episodes()).frozen();
            case VALUE: return ValueBaseline.fit(rollouts, batch.episodes(), environment.observationSize()).frozen();
            default: return StepBaseline.ZERO;
        }
    }

    /**
     * {@code gradient += sum_t w_t grad log pi(a_t | s_t)} for one episode, with the weights of
     * {@code kind} and the baselines of {@code baseline}; {@code state} is scratch of the observation size.
     */
    static void accumulate(EstimatorKind kind, double gamma, StepBaseline baseline, int index, Episode episode,
            Evaluator evaluator, double[] theta, double[] state, double[] gradient) {
        double[] baselines = episode.baselines();
        double[] weights = episode.weights();
        if (kind.takesBaseline()) baseline.values(index, episode, baselines);
        kind.weights(episode, gamma, baselines, weights);
        if (episode.scored()) {
            double[] scores = episode.scores();
            int p = gradient.length;
            for (int t = 0, row = 0; t < episode.length(); t++, row += p) {
                double w = weights[t];
                for (int i = 0; i < p; i++) gradient[i] += w * scores[row + i];
            }
            return;
        }
        double[] actions = episode.actions();
        for (int t = 0; t < episode.length(); t++) {
            episode.observation(t, state);
            evaluator.accumulateScore(theta, state, actions[t], weights[t], gradient);
        }
    }

    static void checkCompatible(Policy policy, Environment environment, double[] theta) {
        int p = policy.parameters().size();
        if (theta.length != p) {
            throw new UsageError("theta has " + theta.length + " entries; the policy has " + p + " parameters");
        }
        int s = policy.stateSize();
        if (s != 0 && s != environment.observationSize()) {
            throw new UsageError("the policy reads a state of size " + s + ", but environment " + environment.name()
                    + " gives observations of size " + environment.observationSize());
        }
    }
}
