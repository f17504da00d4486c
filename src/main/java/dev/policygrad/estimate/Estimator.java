package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import dev.policygrad.stats.EpisodeStatistics;
import java.util.function.LongConsumer;

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
public record Estimator(EstimatorKind kind, BaselineKind baseline) implements java.io.Serializable {

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

    /** Plays {@code batch} on local threads and returns the estimates' moments. */
    public Estimate estimate(Policy policy, Environment environment, double[] theta, Batch batch) {
        return estimate(Task.of(policy, environment), theta, batch, new Rollouts(batch.threads()), null);
    }

    /**
     * Plays {@code batch} on {@code engine} and returns the moments of the per-episode estimates
     * (with their covariance) and of the returns, telling {@code progress} how many episodes of the
     * {@code passes() * batch.episodes()} are done.
     */
    public Estimate estimate(Task task, double[] theta, Batch batch, RolloutEngine engine, LongConsumer progress) {
        Policy policy = task.policy();
        Environment environment = task.environment();
        checkCompatible(policy, environment, theta);
        StepBaseline fitted = fit(task, theta, batch, engine, progress);
        long offset = passes() == 2 ? batch.episodes() : 0;
        LongConsumer secondPass = progress == null ? null : done -> progress.accept(offset + done);
        EpisodeStatistics statistics = engine.run(new RolloutJob<>(task, theta, batch.seed(), batch.episodes(),
                new GradientTally(kind, fitted, policy.parameters().size(), true)), secondPass);
        return new Estimate(kind.label(), baseline.label(), policy.parameterNames(), statistics);
    }

    /** The first pass: the baseline fitted on the batch (b = 0 without one). */
    private StepBaseline fit(Task task, double[] theta, Batch batch, RolloutEngine engine, LongConsumer progress) {
        switch (baseline) {
            case MEAN: return MeanBaseline.fit(engine, task, theta, batch, progress);
            case VALUE: return ValueBaseline.fit(engine, task, theta, batch, progress);
            default: return StepBaseline.ZERO;
        }
    }

    /**
     * The second pass as a rollout tally: episode i's estimate g(tau_i) = sum_t w_t grad log pi(a_t | s_t)
     * with the baseline fitted on the first pass, added to the moments of vector {@link Estimate#ESTIMATE};
     * G(tau_i) to {@link Estimate#RETURN}; steps and cut episodes to the counters.
     */
    record GradientTally(EstimatorKind kind, StepBaseline baseline, int parameters, boolean covariance)
            implements Tally<EpisodeStatistics> {
        private static final long serialVersionUID = 1L;

        @Override
        public EpisodeStatistics start() {
            return Estimate.newStatistics(parameters, covariance);
        }

        @Override
        public void add(long index, Worker worker, EpisodeStatistics statistics) {
            double[] row = ROW.get();
            if (row.length != parameters) {
                row = new double[parameters];
                ROW.set(row);
            }
            java.util.Arrays.fill(row, 0);
            Episode episode = worker.episode;
            accumulate(kind, worker.environment().gamma(), baseline, (int) index, episode, worker.evaluator,
                    worker.theta(), worker.state, row);
            statistics.get(Estimate.ESTIMATE).add(row);
            statistics.get(Estimate.RETURN).add(episode.totalReturn());
            statistics.count(Estimate.STEPS, episode.length());
            if (worker.cutAtCap()) statistics.count(Estimate.CUT, 1);
        }

        @Override
        public EpisodeStatistics merge(EpisodeStatistics total, EpisodeStatistics next) {
            return total.merge(next);
        }

        /** Each thread's row of P entries for one episode's estimate. */
        private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[0]);
    }

    /**
     * The baseline this estimator would use on {@code batch}, fitted and then frozen into a fixed
     * function of the state and step that no longer depends on which episode it is applied to: for
     * {@code mean} the batch mean b_t of the returns-to-go at step t, for {@code value} the least-squares
     * b(s) = w . [s, 1] on the whole batch; b = 0 for {@code none}. Used by {@link ExactExpectation}.
     */
    public StepBaseline frozenBaseline(Policy policy, Environment environment, double[] theta, Batch batch) {
        checkCompatible(policy, environment, theta);
        Task task = Task.of(policy, environment);
        Rollouts engine = new Rollouts(batch.threads());
        switch (baseline) {
            case MEAN: return MeanBaseline.fit(engine, task, theta, batch, null).frozen();
            case VALUE: return ValueBaseline.fit(engine, task, theta, batch, null).frozen();
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
        int k = episode.actionSize();
        for (int t = 0; t < episode.length(); t++) {
            episode.observation(t, state);
            evaluator.accumulateScore(theta, state, actions, t * k, weights[t], gradient);
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
