package dev.policygrad.bench;

import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;

/**
 * REINFORCE with rewards-to-go on {@link CartPole}: play, and at each episode's end add
 * {@code sum_t G_t grad log pi(a_t | s_t)} to a gradient accumulator (Williams 1992), where
 * {@code G_t = sum_{t' >= t} gamma^{t'-t} r_{t'+1}}. {@link #run} takes a fixed number of environment
 * steps, carrying an unfinished episode over to the next call, so the cost per step is the benchmark.
 *
 * <p>Two policies behind the same loop: the engine's ({@link Evaluator#sample} and
 * {@link Evaluator#accumulateScore}) and a hand-written linear softmax that keeps the action
 * probabilities from sampling for the gradient. Not thread-safe: one per thread.
 */
public abstract class ReinforceLoop {

    static final double GAMMA = 0.99;
    static final int ACTIONS = 2, FEATURES = CartPole.OBSERVATION_SIZE;

    final double[] theta;
    final double[] gradient;
    final SplittableRandom random;
    final double[] state = new double[FEATURES];
    final double[] visited = new double[CartPole.HORIZON * FEATURES];
    final int[] actions = new int[CartPole.HORIZON];
    final double[] rewards = new double[CartPole.HORIZON];
    int length, episodes;

    ReinforceLoop(double[] theta, long seed) {
        this.theta = theta;
        this.gradient = new double[theta.length];
        this.random = new SplittableRandom(seed);
        CartPole.reset(random, state);
    }

    /** The linear softmax over CartPole's observation that both loops run: theta = (W[2][4], b[2]). */
    public static String policySource() {
        return BenchPolicies.linearSoftmax(ACTIONS, FEATURES);
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

    /** Draws a_t ~ pi(. | state), with {@code state} also at step t of {@code visited}. */
    abstract int act(int t);

    /** {@code gradient += weight * grad log pi(a_t | s_t)}. */
    abstract void accumulate(int t, double weight);

    /** The engine's policy, compiled from {@link #policySource()}. */
    public static final class Engine extends ReinforceLoop {
        private final Evaluator evaluator;
        private final double[] observation = new double[FEATURES];

        public Engine(Policy policy, double[] theta, long seed) {
            super(theta, seed);
            this.evaluator = policy.newEvaluator();
        }

        @Override
        int act(int t) {
            return (int) evaluator.sample(theta, state, random);
        }

        @Override
        void accumulate(int t, double weight) {
            System.arraycopy(visited, t * FEATURES, observation, 0, FEATURES);
            evaluator.accumulateScore(theta, observation, actions[t], weight, gradient);
        }
    }

    /** The same policy by hand: d log pi / d W_i = (onehot(a)_i - p_i) s, d log pi / d b_i = onehot(a)_i - p_i. */
    public static final class Hand extends ReinforceLoop {
        private final int w, b;
        private final double[] probabilities = new double[CartPole.HORIZON * ACTIONS];

        public Hand(int wOffset, int bOffset, double[] theta, long seed) {
            super(theta, seed);
            this.w = wOffset;
            this.b = bOffset;
        }

        @Override
        int act(int t) {
            double max = Double.NEGATIVE_INFINITY;
            int p = t * ACTIONS;
            for (int i = 0; i < ACTIONS; i++) {
                double z = theta[b + i];
                for (int j = 0; j < FEATURES; j++) z += theta[w + i * FEATURES + j] * state[j];
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

        @Override
        void accumulate(int t, double weight) {
            for (int i = 0; i < ACTIONS; i++) {
                double coefficient = weight * ((i == actions[t] ? 1 : 0) - probabilities[t * ACTIONS + i]);
                for (int j = 0; j < FEATURES; j++) gradient[w + i * FEATURES + j] += coefficient * visited[t * FEATURES + j];
                gradient[b + i] += coefficient;
            }
        }
    }
}
