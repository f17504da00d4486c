package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Trajectories;
import dev.policygrad.rollout.Trajectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Episodes as {@link EpisodeRecord}s: sampled (episode i from (seed, i), the very episodes
 * {@code verify} plays for that seed) or, for a finite MDP with a horizon, every trajectory with its
 * probability.
 */
public final class EpisodeSampler {

    private EpisodeSampler() {}

    /** A trajectory with its probability p_theta(tau) and log p_theta(tau) (finite where the double p is 0). */
    public record Weighted(EpisodeRecord episode, double probability, double logProbability) {}

    public static List<EpisodeRecord> sample(Policy policy, Environment environment, double[] theta, Batch batch) {
        return sample(policy, environment, theta, batch.episodes(), batch.seed(), batch.threads());
    }

    /** As {@link #sample(Policy, Environment, double[], Batch)}, for any number of episodes from 1 (a batch has 2). */
    public static List<EpisodeRecord> sample(Policy policy, Environment environment, double[] theta, int episodes,
            long seed, int threads) {
        Estimator.checkCompatible(policy, environment, theta);
        EpisodeRecord[] out = new EpisodeRecord[episodes];
        Rollouts rollouts = new Rollouts(policy, environment, theta, seed, threads, null);
        rollouts.run(episodes, b -> null, (index, worker, unused) -> out[index] = record(index, worker));
        return Arrays.asList(out);
    }

    /**
     * The episode {@code worker} has just played as episode {@code index}, scored at the worker's theta,
     * with the MDP's states when the environment is a finite MDP whose path the episode determines.
     */
    static EpisodeRecord record(long index, dev.policygrad.rollout.Worker worker) {
        Environment environment = worker.environment();
        EpisodeRecord episode = EpisodeRecord.of((int) index, worker.episode, worker.evaluator, worker.theta(),
                environment.gamma());
        if (environment instanceof FiniteMdp mdp) {
            int[] states = MdpStates.path(mdp, episode);
            if (states == null) states = worker.mdpStates(index);  // the observations do not tell the states apart
            if (states != null && states.length == episode.length() + 1) episode = withStates(episode, states);
        }
        return episode;
    }

    /**
     * The same episodes as {@link #sample}, as the lines of an episode file, played on {@code engine}
     * ({@code task} is the policy and environment as a value an engine can ship).
     */
    public static List<String> lines(Policy policy, Environment environment, Task task, double[] theta, long seed,
            int episodes, RolloutEngine engine) {
        Estimator.checkCompatible(policy, environment, theta);
        return engine.run(new RolloutJob<>(task, theta, seed, episodes, new EpisodeLines()), null);
    }

    /**
     * The same lines as {@link #lines}, handed to {@code sink} a chunk at a time in episode order as
     * {@code engine} plays them ({@link RolloutEngine#stream}), so that no more than a few chunks are held
     * at once however many episodes there are.
     */
    public static void stream(Policy policy, Environment environment, Task task, double[] theta, long seed,
            int episodes, RolloutEngine engine, RolloutEngine.ChunkSink<List<String>> sink) throws IOException {
        Estimator.checkCompatible(policy, environment, theta);
        engine.stream(new RolloutJob<>(task, theta, seed, episodes, new EpisodeLines()), sink::accept, null);
    }

    /**
     * Every trajectory of {@code mdp} (which needs a horizon) with positive probability, also where its double is
     * 0 (its log probability then says what it is); an MDP with more
     * than {@link Trajectories#MAX_TRAJECTORIES} is refused before any is built.
     */
    public static List<Weighted> enumerate(FiniteMdp mdp, Policy policy, double[] theta) {
        if (!mdp.hasHorizon()) {
            throw new dev.policygrad.diag.UsageError("listing every trajectory (sample --all) needs a horizon, and mdp "
                    + mdp.name() + " has none; add e.g. 'horizon 6' to it");
        }
        dev.policygrad.env.TrajectoryBound.require(mdp, Trajectories.MAX_TRAJECTORIES, "sample --all");
        Estimator.checkCompatible(policy, mdp, theta);
        Evaluator evaluator = policy.newEvaluator();
        List<Weighted> out = new ArrayList<>();
        for (Trajectory tau : Trajectories.enumerate(mdp, evaluator, theta)) {
            if (tau.logProbability() == Double.NEGATIVE_INFINITY) continue;
            out.add(new Weighted(EpisodeRecord.of(out.size(), tau, mdp, evaluator, theta), tau.probability(),
                    tau.logProbability()));
        }
        return out;
    }

    static EpisodeRecord withStates(EpisodeRecord e, int[] states) {
        return new EpisodeRecord(e.index(), e.length(), e.terminated(), e.gamma(), e.observationSize(), e.observations(),
                e.actions(), e.rewards(), e.logPi(), e.scores(), e.returnsToGo(), states);
    }
}
