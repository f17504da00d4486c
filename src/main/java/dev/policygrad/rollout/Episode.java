package dev.policygrad.rollout;

import dev.policygrad.env.Environment;
import dev.policygrad.policy.Evaluator;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One episode tau = (s_0, a_0, r_1, s_1, ..., s_T) held in growable primitive arrays, reused from
 * episode to episode by one thread: once the arrays have grown to the longest episode seen, recording
 * and scoring allocate nothing.
 *
 * <p>After {@link #record}, {@link #returnsToGo()} holds G(tau_{t:T}) = sum_{t'=t}^{T-1} gamma^{t'-t}
 * r_{t'+1} for t = 0..T-1 (the notation of step (11) of the derivation, docs/derivation.md), computed by
 * {@link #returnsToGo(double[], int, double, double[])}, the one place returns-to-go are computed;
 * G(tau) = G(tau_{0:T}) is {@link #totalReturn()}.
 *
 * <p>Why there is a second episode type, {@link dev.policygrad.rollout.Trajectory}: this class is a
 * mutable buffer reused episode after episode by one thread, so sampling allocates nothing; an
 * enumerated trajectory is an immutable value with its probability p_theta(tau), of which exact
 * enumeration keeps millions at once. The two share the return computation.
 *
 * <p>For policies of at most {@link #MAX_SCORED_PARAMETERS} parameters the episode also keeps each
 * step's score grad log pi(a_t | s_t), computed in the same forward sweep that drew a_t
 * ({@link Evaluator#sampleAndScore}); estimators then weight the stored rows instead of evaluating
 * the policy a second time.
 *
 * <p>An action takes {@link #actionSize()} doubles (K for a vector action {@code a[K] : real}, 1
 * otherwise): a_t's components are {@code actions()[t * K .. t * K + K)}.
 */
public final class Episode {

    /** The largest policy whose per-step scores are kept (T x P doubles). */
    public static final int MAX_SCORED_PARAMETERS = 1024;

    private final int observationSize;
    private final int actionSize;
    private final int parameterCount;
    private final double[] scratch;
    private double[] scores;
    private double[] observations;
    private double[] actions;
    private double[] rewards;
    private double[] returnsToGo;
    private double[] weights;
    private double[] baselines;
    private int length;
    private boolean terminated;
    private boolean scored;

    public Episode(int observationSize) {
        this(observationSize, 0);
    }

    /** An episode that also keeps per-step scores when {@code parameterCount} is small enough. */
    public Episode(int observationSize, int parameterCount) {
        this(observationSize, 1, parameterCount);
    }

    /**
     * An episode whose actions take {@code actionSize} doubles each, keeping per-step scores when
     * {@code parameterCount} is small enough.
     */
    public Episode(int observationSize, int actionSize, int parameterCount) {
        if (actionSize < 1) throw new IllegalArgumentException("an action takes at least one double");
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        this.parameterCount = parameterCount <= MAX_SCORED_PARAMETERS ? parameterCount : 0;
        this.scratch = new double[observationSize];
        int capacity = 64;
        observations = new double[(capacity + 1) * observationSize];
        actions = new double[capacity * actionSize];
        rewards = new double[capacity];
        returnsToGo = new double[capacity];
        weights = new double[capacity];
        baselines = new double[capacity];
        scores = new double[capacity * this.parameterCount];
    }

    /**
     * Plays one episode of {@code policy} in {@code simulator} until a terminal state or {@code horizon}
     * steps, drawing everything from {@code random}, then computes the returns-to-go. With {@code scoring}
     * (and a policy small enough) each step's score is kept too; the draws are the same either way.
     */
    public void record(Evaluator policy, Environment.Simulator simulator, double[] theta, double gamma, int horizon,
            SplittableRandom random, boolean scoring) {
        boolean keepScores = scoring && parameterCount > 0;
        int d = observationSize;
        simulator.reset(random, scratch);
        System.arraycopy(scratch, 0, observations, 0, d);
        int t = 0;
        boolean done = simulator.terminal();
        int k = actionSize;
        boolean vector = policy.policy().actions().isVector();
        policy.loadParameters(theta); // once: every step below uses it
        while (!done && t < horizon) {
            if (t == rewards.length) grow();
            if (vector) {
                // a_t is drawn straight into its row (component k the k-th draw), then taken from there
                if (keepScores) {
                    policy.sampleAndScore(scratch, random, actions, t * k, scores, t * parameterCount);
                } else {
                    policy.sample(scratch, random, actions, t * k);
                }
                rewards[t] = simulator.step(actions, t * k, random, scratch);
            } else {
                // a scalar action, the hot path of discrete policies: no array in between
                double action = keepScores
                        ? policy.sampleAndScore(scratch, random, scores, t * parameterCount)
                        : policy.sample(scratch, random);
                actions[t] = action;
                rewards[t] = simulator.step(action, random, scratch);
            }
            t++;
            // an element loop, not System.arraycopy: a handful of values, and the copy stub's call costs more
            for (int i = 0, row = t * d; i < d; i++) observations[row + i] = scratch[i];
            done = simulator.terminal();
        }
        length = t;
        terminated = done;
        scored = keepScores;
        returnsToGo(rewards, t, gamma, returnsToGo);
    }

    /**
     * G(tau_{t:T}) for t = 0..length-1 into {@code out}, by the backward recursion
     * G(tau_{t:T}) = r_{t+1} + gamma G(tau_{t+1:T}) with G(tau_{T:T}) = 0; {@code rewards[t]} is r_{t+1}.
     * Returns G(tau) (0 for an empty episode).
     */
    public static double returnsToGo(double[] rewards, int length, double gamma, double[] out) {
        double g = 0;
        for (int k = length - 1; k >= 0; k--) {
            g = rewards[k] + gamma * g;
            if (out != null) out[k] = g;
        }
        return g;
    }

    /** G(tau_{t:T}) alone, by the same recursion as {@link #returnsToGo(double[], int, double, double[])}. */
    public static double returnFrom(double[] rewards, int t, int length, double gamma) {
        double g = 0;
        for (int k = length - 1; k >= t; k--) g = rewards[k] + gamma * g;
        return g;
    }

    private void grow() {
        int capacity = rewards.length * 2;
        observations = Arrays.copyOf(observations, (capacity + 1) * observationSize);
        actions = Arrays.copyOf(actions, capacity * actionSize);
        rewards = Arrays.copyOf(rewards, capacity);
        returnsToGo = Arrays.copyOf(returnsToGo, capacity);
        weights = Arrays.copyOf(weights, capacity);
        baselines = Arrays.copyOf(baselines, capacity);
        scores = Arrays.copyOf(scores, capacity * parameterCount);
    }

    /**
     * Sets the episode from given arrays (for exact enumeration, where trajectories are listed rather
     * than sampled): {@code observations} holds T + 1 rows of the observation size, {@code actions} T
     * rows of the action size, the others T entries.
     */
    public void set(double[] observations, double[] actions, double[] rewards, int length, boolean terminated,
            double gamma) {
        while (this.rewards.length < length) grow();
        System.arraycopy(observations, 0, this.observations, 0, (length + 1) * observationSize);
        System.arraycopy(actions, 0, this.actions, 0, length * actionSize);
        System.arraycopy(rewards, 0, this.rewards, 0, length);
        this.length = length;
        this.terminated = terminated;
        this.scored = false;
        returnsToGo(this.rewards, length, gamma, returnsToGo);
    }

    /** The number of steps T. */
    public int length() {
        return length;
    }

    /** Whether the episode ended in a terminal state (rather than at the horizon). */
    public boolean terminated() {
        return terminated;
    }

    public int observationSize() {
        return observationSize;
    }

    /** All observations, row t (t = 0..T) starting at {@code t * observationSize()}. Do not modify. */
    public double[] observations() {
        return observations;
    }

    /** The doubles one action takes: K for {@code a[K] : real}, 1 otherwise. */
    public int actionSize() {
        return actionSize;
    }

    /** a_0 .. a_{T-1}, a_t's components from {@code t * actionSize()}. Do not modify. */
    public double[] actions() {
        return actions;
    }

    /** r_1 .. r_T (entry t holds r_{t+1}). Do not modify. */
    public double[] rewards() {
        return rewards;
    }

    /** G(tau_{t:T}) for t = 0..T-1. Do not modify. */
    public double[] returnsToGo() {
        return returnsToGo;
    }

    /** G(tau) = sum_t gamma^t r_{t+1}. */
    public double totalReturn() {
        return length == 0 ? 0 : returnsToGo[0];
    }

    /** Working space of T entries for per-step weights. */
    public double[] weights() {
        return weights;
    }

    /** Working space of T entries for per-step baselines. */
    public double[] baselines() {
        return baselines;
    }

    /** Whether {@link #scores()} holds grad log pi(a_t | s_t) for every step of this episode. */
    public boolean scored() {
        return scored;
    }

    /** Row t (from {@code t * parameterCount}) holds grad log pi(a_t | s_t) when {@link #scored()}. Do not modify. */
    public double[] scores() {
        return scores;
    }

    /** Copies observation s_t into {@code out}. */
    public void observation(int t, double[] out) {
        System.arraycopy(observations, t * observationSize, out, 0, observationSize);
    }
}
