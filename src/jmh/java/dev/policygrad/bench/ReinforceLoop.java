package dev.policygrad.bench;

import java.util.SplittableRandom;

/**
 * REINFORCE with rewards-to-go on {@link CartPole}, written by hand: the reference the engine's
 * estimator is measured against. Play, and at each episode's end add
 * {@code sum_t G_t grad log pi(a_t | s_t)} to a gradient accumulator (Williams 1992), where
 * {@code G_t = sum_{t' >= t} gamma^{t'-t} r_{t'+1}}. The policy is a linear softmax over the
 * observation, theta = (W[2][4], b[2]), whose action probabilities are kept from sampling for the
 * gradient: d log pi / d W_i = (onehot(a)_i - p_i) s, d log pi / d b_i = onehot(a)_i - p_i.
 * {@link #run} takes a fixed number of environment steps, carrying an unfinished episode over to the
 * next call, so the cost per step is the benchmark. Not thread-safe: one per thread.
 */
public final class ReinforceLoop {

    static final double GAMMA = 0.99;
    static final int ACTIONS = 2, FEATURES = CartPole.OBSERVATION_SIZE;

    private final double[] theta;
    private final double[] gradient;
    private final SplittableRandom random;
    private final int w, b;
    private final double[] state = new double[FEATURES];
    private final double[] visited = new double[CartPole.HORIZON * FEATURES];
    private final int[] actions = new int[CartPole.HORIZON];
    private final double[] rewards = new double[CartPole.HORIZON];
    private final double[] probabilities = new double[CartPole.HORIZON * ACTIONS];
    private int length, episodes;

    public ReinforceLoop(int wOffset, int bOffset, double[] theta, long seed) {
        this.w = wOffset;
        this.b = bOffset;
        this.theta = theta;
        this.gradient = new double[theta.length];
        this.random = new SplittableRandom(seed);
        CartPole.reset(random, state);
    }

    /** Takes exactly {@code steps} environment steps; returns the episodes finished so far. */
    public int run(int steps) {
        for (int n = 0; n < steps; n++) {
            System.arraycopy(state, 0, visited, length * FEATURES, FEATURES);
            int action = act(length);
            actions[length] = action;
            rewards[length] = CartPole.step(state, action);
            length++;
            if (CartPole.terminal(state) || length == CartPole.HORIZON) {
                double returnToGo = 0;
                for (int t = length - 1; t >= 0; t--) {
                    returnToGo = rewards[t] + GAMMA * returnToGo;
                    accumulate(t, returnToGo);
                }
                length = 0;
                episodes++;
                CartPole.reset(random, state);
            }
        }
        return episodes;
    }

    /**
     * Takes exactly {@code steps} environment steps playing the policy without learning (what a Monte
     * Carlo estimate of J plays): the same draws as {@link #run}, no gradient. Returns the episodes
     * finished so far.
     */
    public int play(int steps) {
        for (int n = 0; n < steps; n++) {
            int action = act(length);
            CartPole.step(state, action);
            length++;
            if (CartPole.terminal(state) || length == CartPole.HORIZON) {
                length = 0;
                episodes++;
                CartPole.reset(random, state);
            }
        }
        return episodes;
    }

    /** Draws a_t ~ softmax(W s + b) and keeps the probabilities as row t. */
    private int act(int t) {
        double max = Double.NEGATIVE_INFINITY;
        int p = t * ACTIONS;
        for (int i = 0; i < ACTIONS; i++) {
            double z = theta[b + i] + HandWritten.dot(theta, w + i * FEATURES, state, 0, FEATURES);
            probabilities[p + i] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int i = 0; i < ACTIONS; i++) sum += probabilities[p + i] = Math.exp(probabilities[p + i] - max);
        double u = random.nextDouble() * sum;
        int action = ACTIONS - 1;
        for (int i = 0; i < ACTIONS - 1; i++) {
            u -= probabilities[p + i];
            if (u < 0) {
                action = i;
                break;
            }
        }
        for (int i = 0; i < ACTIONS; i++) probabilities[p + i] /= sum;
        return action;
    }

    /** {@code gradient += weight * grad log pi(a_t | s_t)}. */
    private void accumulate(int t, double weight) {
        for (int i = 0; i < ACTIONS; i++) {
            double coefficient = weight * ((i == actions[t] ? 1 : 0) - probabilities[t * ACTIONS + i]);
            for (int j = 0; j < FEATURES; j++) gradient[w + i * FEATURES + j] += coefficient * visited[t * FEATURES + j];
            gradient[b + i] += coefficient;
        }
    }
}
