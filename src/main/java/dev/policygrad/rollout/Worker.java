package dev.policygrad.rollout;

import dev.policygrad.env.Environment;
import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What one thread owns to play episodes: the policy's evaluator, a simulator, the episode buffer and
 * a state-sized scratch vector. Kept between chunks (and between jobs on the same task), so tapes stay
 * warm and buffers grown.
 */
public final class Worker {

    final Policy policy;
    final Environment environment;
    public final Evaluator evaluator;
    public final Environment.Simulator simulator;
    public final Episode episode;
    /** A state-sized scratch vector. */
    public final double[] state;
    private long seed;
    private double[] theta;
    private boolean scoring = true;

    Worker(Policy policy, Environment environment) {
        this.policy = policy;
        this.environment = environment;
        evaluator = policy.newEvaluator();
        simulator = environment.newSimulator();
        episode = new Episode(environment.observationSize(), policy.actions().size(), policy.parameters().size());
        state = new double[environment.observationSize()];
    }

    /** The environment the episodes are played in. */
    public Environment environment() {
        return environment;
    }

    /** theta of the current job. Do not modify. */
    public double[] theta() {
        return theta;
    }

    void bind(double[] theta, long seed, boolean scoring) {
        this.theta = theta;
        this.seed = seed;
        this.scoring = scoring;
    }

    /**
     * Plays episode {@code index} of the current job's seed into {@link #episode} under {@code theta}:
     * every draw comes from {@link EpisodeSeeds#random(long, long) EpisodeSeeds.random(seed, index)},
     * so replaying an index under another theta uses common random numbers. The per-step scores are
     * kept only when the job's tally reads them ({@link Tally#readsScores()}).
     */
    public void play(double[] theta, long index) {
        episode.record(evaluator, simulator, theta, environment.gamma(), environment.horizon(),
                EpisodeSeeds.random(seed, index), scoring);
    }

    /**
     * The states s_0 .. s_T of a finite MDP that episode {@code index} of the current job passes through,
     * found by playing it again (the same draws, {@link #play}) in a simulator that records its states,
     * for when the observations do not tell them apart; null for another environment.
     */
    public int[] mdpStates(long index) {
        if (!(environment instanceof FiniteMdp mdp)) return null;
        StateRecorder recorder = new StateRecorder(mdp);
        Episode replay = new Episode(environment.observationSize(), policy.actions().size(), policy.parameters().size());
        replay.record(evaluator, recorder, theta, environment.gamma(), environment.horizon(),
                EpisodeSeeds.random(seed, index), false);
        return Arrays.copyOf(recorder.path, recorder.size);
    }

    /** A finite MDP's simulator that also notes the state it is in after the reset and every step. */
    private static final class StateRecorder implements Environment.Simulator {
        private final int[] current = new int[1];
        private final Environment.Simulator inner;
        int[] path = new int[16];
        int size;

        StateRecorder(FiniteMdp mdp) {
            inner = mdp.newSimulator(current);
        }

        private void note() {
            if (size == path.length) path = Arrays.copyOf(path, 2 * size);
            path[size++] = current[0];
        }

        @Override
        public void reset(SplittableRandom random, double[] observation) {
            inner.reset(random, observation);
            size = 0;
            note();
        }

        @Override
        public double step(double action, SplittableRandom random, double[] observation) {
            double r = inner.step(action, random, observation);
            note();
            return r;
        }

        @Override
        public double step(double[] action, int offset, SplittableRandom random, double[] observation) {
            double r = inner.step(action, offset, random, observation);
            note();
            return r;
        }

        @Override
        public boolean terminal() {
            return inner.terminal();
        }
    }

    /** Whether the episode in the buffer was stopped by the environment's safety cap rather than ending. */
    public boolean cutAtCap() {
        return environment.horizonIsCap() && !episode.terminated() && episode.length() == environment.horizon();
    }
}
