package dev.policygrad.rollout;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Evaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Every trajectory of a finite MDP under a policy, each with its probability p_theta(tau), so that
 * an expectation E_tau[f(tau)] can be computed exactly as sum_tau p_theta(tau) f(tau), and its log
 * probability. Actions of probability 0 (log pi = -Infinity) are pruned, not those whose probability is
 * 0 only as a double (e^-760). The number of trajectories grows like (actions x outcomes)^depth, so
 * this is meant for small MDPs and depths (say up to 6).
 */
public final class Trajectories {

    /** More trajectories than this is an error rather than a long wait. */
    public static final int MAX_TRAJECTORIES = 5_000_000;

    private Trajectories() {}

    /** Every trajectory of an MDP with a horizon; an IllegalArgumentException without one. */
    public static List<Trajectory> enumerate(FiniteMdp mdp, Evaluator evaluator, double[] theta) {
        if (!mdp.hasHorizon()) {
            throw new IllegalArgumentException("mdp " + mdp.name() + " has no horizon; pass an enumeration depth");
        }
        return enumerate(mdp, PolicyTable.logProbabilities(mdp, evaluator, theta), mdp.horizon());
    }

    /**
     * Every trajectory of at most {@code depth} steps (and at most the horizon). Those still running
     * at {@code depth} below the horizon are returned with {@code finished == false}; their total
     * probability is the probability that an episode lasts longer than {@code depth} steps.
     */
    public static List<Trajectory> enumerate(FiniteMdp mdp, Evaluator evaluator, double[] theta, int depth) {
        return enumerate(mdp, PolicyTable.logProbabilities(mdp, evaluator, theta), depth);
    }

    /** As above, from a table log pi[s][a] of log action probabilities. */
    public static List<Trajectory> enumerate(FiniteMdp mdp, double[][] logPi, int depth) {
        if (depth < 0) throw new IllegalArgumentException("negative depth " + depth);
        int limit = mdp.hasHorizon() ? Math.min(depth, mdp.horizon()) : depth;
        boolean cutIsFinish = mdp.hasHorizon() && limit == mdp.horizon();
        Walk walk = new Walk(mdp, logPi, limit, cutIsFinish);
        for (int s = 0; s < mdp.stateCount(); s++) {
            double p = mdp.startProbability(s);
            if (p > 0) {
                walk.states[0] = s;
                walk.extend(0, p, Math.log(p));
            }
        }
        return walk.out;
    }

    /** A depth-first walk writing the current path into preallocated arrays. */
    private static final class Walk {
        final FiniteMdp mdp;
        final double[][] logPi;
        final int limit;
        final boolean cutIsFinish;
        final int[] states;
        final int[] actions;
        final double[] rewards;
        final List<Trajectory> out = new ArrayList<>();

        Walk(FiniteMdp mdp, double[][] logPi, int limit, boolean cutIsFinish) {
            this.mdp = mdp;
            this.logPi = logPi;
            this.limit = limit;
            this.cutIsFinish = cutIsFinish;
            this.states = new int[limit + 1];
            this.actions = new int[limit];
            this.rewards = new double[limit];
        }

        void extend(int t, double probability, double logProbability) {
            int s = states[t];
            if (mdp.isTerminal(s) || t == limit) {
                if (out.size() >= MAX_TRAJECTORIES) {
                    throw new IllegalStateException("more than " + MAX_TRAJECTORIES + " trajectories; use a smaller depth");
                }
                boolean finished = mdp.isTerminal(s) || cutIsFinish;
                out.add(new Trajectory(probability, logProbability, java.util.Arrays.copyOf(states, t + 1),
                        java.util.Arrays.copyOf(actions, t), java.util.Arrays.copyOf(rewards, t), finished));
                return;
            }
            for (int a = 0; a < mdp.actionCount(); a++) {
                double l = logPi[s][a];
                if (l == Double.NEGATIVE_INFINITY) continue;
                double pa = Math.exp(l);
                actions[t] = a;
                rewards[t] = mdp.reward(s, a);
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    states[t + 1] = mdp.nextState(s, a, k);
                    double transition = mdp.transitionProbability(s, a, k);
                    extend(t + 1, probability * pa * transition, logProbability + l + Math.log(transition));
                }
            }
        }
    }
}
