package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;

/**
 * A finite MDP written for these tests, independent of the env and exact packages: states 0..n-1 seen
 * as one-hot vectors, transition probabilities P[s][a][s'], rewards R[s][a][s'], a start distribution
 * and terminal states. {@link #enumerate} lists every trajectory up to the horizon with its
 * probability, which gives J exactly, and grad J by central differences.
 */
final class TabularMdp implements Environment {

    final int states;
    final int actions;
    final double[] start;
    final double[][][] transition;
    final double[][][] reward;
    final boolean[] terminal;
    final double gamma;
    final int horizon;

    TabularMdp(double[] start, double[][][] transition, double[][][] reward, boolean[] terminal, double gamma,
            int horizon) {
        this.states = start.length;
        this.actions = transition[0].length;
        this.start = start;
        this.transition = transition;
        this.reward = reward;
        this.terminal = terminal;
        this.gamma = gamma;
        this.horizon = horizon;
    }

    /** A random MDP from {@code seed}: random start, transitions and rewards in [-1, 1]; state 0 never terminal. */
    static TabularMdp random(int states, int actions, double gamma, int horizon, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] start = simplex(r, states);
        double[][][] p = new double[states][actions][];
        double[][][] rewards = new double[states][actions][states];
        boolean[] terminal = new boolean[states];
        for (int s = 0; s < states; s++) {
            terminal[s] = s > 0 && r.nextDouble() < 0.25;
            for (int a = 0; a < actions; a++) {
                p[s][a] = simplex(r, states);
                for (int t = 0; t < states; t++) rewards[s][a][t] = 2 * r.nextDouble() - 1;
            }
        }
        return new TabularMdp(start, p, rewards, terminal, gamma, horizon);
    }

    /**
     * Sutton &amp; Barto's short corridor with switched actions (Example 13.1): S1, S2, S3, terminal G;
     * action 0 is right, 1 is left, switched in S2; reward -1 per step; gamma = 1.
     */
    static TabularMdp shortCorridor(int horizon) {
        int[][] next = {{1, 0}, {0, 2}, {3, 1}, {3, 3}};
        double[][][] p = new double[4][2][4];
        double[][][] r = new double[4][2][4];
        for (int s = 0; s < 4; s++) {
            for (int a = 0; a < 2; a++) {
                p[s][a][next[s][a]] = 1;
                java.util.Arrays.fill(r[s][a], -1);
            }
        }
        return new TabularMdp(new double[] {1, 0, 0, 0}, p, r, new boolean[] {false, false, false, true}, 1, horizon);
    }

    private static double[] simplex(SplittableRandom r, int n) {
        double[] x = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = -Math.log(1 - r.nextDouble()) + 0.05;
            sum += x[i];
        }
        for (int i = 0; i < n; i++) x[i] /= sum;
        return x;
    }

    /** The linear softmax over the one-hot state: logits W @ s + b. */
    String linearSoftmax() {
        return "state s[" + states + "]\naction a in 0.." + (actions - 1) + "\nparam W[" + actions + "][" + states
                + "] = 0\nparam b[" + actions + "] = 0\npolicy pi(a | s) = categorical(logits = W @ s + b)\n";
    }

    @Override public String name() { return "tabular"; }
    @Override public int observationSize() { return states; }
    @Override public double gamma() { return gamma; }
    @Override public int horizon() { return horizon; }

    @Override
    public Simulator newSimulator() {
        return new Simulator() {
            int state;

            @Override
            public void reset(SplittableRandom random, double[] observation) {
                state = draw(start, random);
                oneHot(state, observation);
            }

            @Override
            public double step(double action, SplittableRandom random, double[] observation) {
                int a = (int) action;
                int next = draw(transition[state][a], random);
                double r = reward[state][a][next];
                state = next;
                oneHot(state, observation);
                return r;
            }

            @Override
            public boolean terminal() {
                return terminal[state];
            }
        };
    }

    private static int draw(double[] p, SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < p.length - 1; i++) {
            u -= p[i];
            if (u < 0) return i;
        }
        return p.length - 1;
    }

    private void oneHot(int s, double[] observation) {
        java.util.Arrays.fill(observation, 0);
        observation[s] = 1;
    }

    interface Visitor {
        void visit(double probability, Episode episode);
    }

    /** Every trajectory up to the horizon (or a terminal state), with its probability under theta. */
    void enumerate(Policy policy, double[] theta, Visitor visitor) {
        Evaluator evaluator = policy.newEvaluator();
        double[] observations = new double[(horizon + 1) * states];
        double[] acts = new double[horizon];
        double[] rewards = new double[horizon];
        int[] path = new int[horizon + 1];
        Episode episode = new Episode(states);
        for (int s = 0; s < states; s++) {
            if (start[s] == 0) continue;
            path[0] = s;
            walk(evaluator, theta, 0, start[s], path, acts, rewards, observations, episode, visitor);
        }
    }

    private void walk(Evaluator evaluator, double[] theta, int t, double probability, int[] path, double[] acts,
            double[] rewards, double[] observations, Episode episode, Visitor visitor) {
        int s = path[t];
        if (terminal[s] || t == horizon) {
            java.util.Arrays.fill(observations, 0);
            for (int k = 0; k <= t; k++) observations[k * states + path[k]] = 1;
            episode.set(observations, acts, rewards, t, terminal[s], gamma);
            visitor.visit(probability, episode);
            return;
        }
        double[] oneHot = new double[states];
        oneHot[s] = 1;
        for (int a = 0; a < actions; a++) {
            double pa = Math.exp(evaluator.logPi(theta, oneHot, a));
            for (int next = 0; next < states; next++) {
                double q = transition[s][a][next];
                if (q == 0) continue;
                acts[t] = a;
                rewards[t] = reward[s][a][next];
                path[t + 1] = next;
                walk(evaluator, theta, t + 1, probability * pa * q, path, acts, rewards, observations, episode, visitor);
            }
        }
    }

    /** J(theta) = sum_tau p(tau) G(tau). */
    double objective(Policy policy, double[] theta) {
        double[] j = new double[1];
        enumerate(policy, theta, (p, e) -> j[0] += p * e.totalReturn());
        return j[0];
    }

    /** grad J by central differences with step h. */
    double[] finiteDifferenceGradient(Policy policy, double[] theta, double h) {
        double[] g = new double[theta.length];
        double[] x = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            x[i] = theta[i] + h;
            double up = objective(policy, x);
            x[i] = theta[i] - h;
            double down = objective(policy, x);
            x[i] = theta[i];
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }
}
