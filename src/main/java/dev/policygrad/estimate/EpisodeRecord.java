package dev.policygrad.estimate;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.Trajectory;
import dev.policygrad.policy.Evaluator;

/**
 * One finished episode tau = (s_0, a_0, r_1, ..., s_T) with everything an estimator may read: the
 * observations, actions and rewards, and per step log pi(a_t | s_t), the score grad log pi(a_t | s_t)
 * and the return-to-go G(tau_{t:T}) = r_{t+1} + gamma G(tau_{t+1:T}). Immutable once made; the
 * arrays are shared, not copied, so callers must not modify them.
 *
 * <p>Episodes come from three places, all made into the same record: a sampled batch
 * ({@link #of(int, Episode, Evaluator, double[], double)}), an enumerated trajectory of a finite MDP
 * ({@link #of(int, Trajectory, FiniteMdp, Evaluator, double[])}), or a file of episodes recorded
 * elsewhere ({@link #of(int, double[], int, double[], double[], boolean, double, Evaluator, double[])}).
 *
 * @param index         the episode's number in its batch (what cross-fitted critics fold on)
 * @param length        T
 * @param terminated    whether it ended in a terminal state rather than at the horizon
 * @param gamma         the discount
 * @param observationSize d
 * @param observations  (T + 1) x d, row t is s_t
 * @param actions       a_0 .. a_{T-1} (indices for discrete actions); K values per step for a vector
 *                      action {@code a[K] : real}, a_t's from {@code t * K}
 * @param rewards       r_1 .. r_T
 * @param logPi         log pi(a_t | s_t)
 * @param scores        T x P, row t is grad log pi(a_t | s_t)
 * @param returnsToGo   G(tau_{t:T})
 * @param states        the finite MDP's state indices s_0 .. s_T, or null when not known
 */
public record EpisodeRecord(int index, int length, boolean terminated, double gamma, int observationSize,
        double[] observations, double[] actions, double[] rewards, double[] logPi, double[] scores,
        double[] returnsToGo, int[] states) {

    /** The doubles one action takes: K for {@code a[K] : real}, 1 otherwise. */
    public int actionSize() {
        return length == 0 ? 1 : actions.length / length;
    }

    /** a_t's components as a new array (one for a scalar action). */
    public double[] action(int t) {
        int k = actionSize();
        return java.util.Arrays.copyOfRange(actions, t * k, t * k + k);
    }

    /** The number of parameters P. */
    public int parameterCount() {
        return length == 0 ? scores.length : scores.length / length;
    }

    /** G(tau). */
    public double totalReturn() {
        return length == 0 ? 0 : returnsToGo[0];
    }

    /** s_t as a new array. */
    public double[] observation(int t) {
        double[] s = new double[observationSize];
        System.arraycopy(observations, t * observationSize, s, 0, observationSize);
        return s;
    }

    /** grad log pi(a_t | s_t) as a new array. */
    public double[] score(int t) {
        int p = parameterCount();
        double[] g = new double[p];
        System.arraycopy(scores, t * p, g, 0, p);
        return g;
    }

    /** A sampled episode, scored with {@code evaluator} at {@code theta}. */
    public static EpisodeRecord of(int index, Episode episode, Evaluator evaluator, double[] theta, double gamma) {
        int d = episode.observationSize();
        int t = episode.length();
        double[] observations = java.util.Arrays.copyOf(episode.observations(), (t + 1) * d);
        double[] actions = java.util.Arrays.copyOf(episode.actions(), t * episode.actionSize());
        double[] rewards = java.util.Arrays.copyOf(episode.rewards(), t);
        return of(index, observations, d, actions, rewards, episode.terminated(), gamma, evaluator, theta, null);
    }

    /** An enumerated trajectory of {@code mdp}, scored with {@code evaluator} at {@code theta}. */
    public static EpisodeRecord of(int index, Trajectory tau, FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        int d = mdp.observationSize();
        int length = tau.length();
        double[] observations = new double[(length + 1) * d];
        double[] row = new double[d];
        for (int t = 0; t <= length; t++) {
            mdp.copyObservation(tau.states()[t], row);
            System.arraycopy(row, 0, observations, t * d, d);
        }
        double[] actions = new double[length];
        for (int t = 0; t < length; t++) actions[t] = tau.actions()[t];
        return of(index, observations, d, actions, tau.rewards().clone(), mdp.isTerminal(tau.states()[length]),
                mdp.gamma(), evaluator, theta, tau.states().clone());
    }

    /**
     * An episode given as arrays (recorded elsewhere), scored with {@code evaluator} at {@code theta}:
     * log pi and the score of every step, and the returns-to-go. {@code actions} holds
     * {@code evaluator.actionSize()} values per step.
     */
    public static EpisodeRecord of(int index, double[] observations, int observationSize, double[] actions,
            double[] rewards, boolean terminated, double gamma, Evaluator evaluator, double[] theta, int[] states) {
        int k = evaluator.actionSize();
        if (actions.length % k != 0) {
            throw new IllegalArgumentException(actions.length + " action values are not whole actions of " + k);
        }
        int length = actions.length / k;
        int p = theta.length;
        double[] logPi = new double[length];
        double[] scores = new double[length * p];
        double[] state = new double[observationSize];
        double[] gradient = new double[p];
        for (int t = 0; t < length; t++) {
            System.arraycopy(observations, t * observationSize, state, 0, observationSize);
            logPi[t] = evaluator.score(theta, state, actions, t * k, gradient);
            System.arraycopy(gradient, 0, scores, t * p, p);
        }
        double[] returnsToGo = new double[length];
        double g = 0;
        for (int t = length - 1; t >= 0; t--) {
            g = rewards[t] + gamma * g;
            returnsToGo[t] = g;
        }
        return new EpisodeRecord(index, length, terminated, gamma, observationSize, observations, actions, rewards,
                logPi, scores, returnsToGo, states);
    }
}
