package dev.policygrad.estimate;

import java.util.SplittableRandom;

/** Random finite MDPs with a linear softmax policy, as program text (shared by the estimate and verify tests). */
public final class RandomMdps {

    private RandomMdps() {}

    /**
     * A random finite MDP from {@code seed}: {@code states} non-terminal states S0.. seen one-hot plus
     * a terminal T, random start distribution, transitions (some entries zero) and rewards in [-2, 2];
     * the policy is a linear softmax W @ s + b with random W and b in [-1.5, 1.5], so theta varies
     * per state and per action.
     */
    public static String program(long seed, int states, int actions, double gamma, int horizon) {
        return program(seed, states, actions, gamma, horizon, false);
    }

    /**
     * As {@link #program(long, int, int, double, int)}; with {@code dense}, every transition
     * probability is positive (weights in [0.25, 1]) and W, b lie in [-1, 1], so every state and action
     * is visited often. Sampled tests need that: the T^2 test is asymptotic, and an estimate dominated
     * by a few rare episodes has a sample covariance that understates its spread.
     */
    public static String program(long seed, int states, int actions, double gamma, int horizon, boolean dense) {
        SplittableRandom random = new SplittableRandom(seed);
        double spread = dense ? 2 : 3;
        StringBuilder out = new StringBuilder();
        out.append("state s[").append(states).append("]\naction a in {");
        for (int a = 0; a < actions; a++) out.append(a == 0 ? "" : ", ").append("act").append(a);
        out.append("}\n");
        out.append("param W[").append(actions).append("][").append(states).append("] = [");
        for (int a = 0; a < actions; a++) {
            out.append(a == 0 ? "[" : ", [");
            for (int s = 0; s < states; s++) out.append(s == 0 ? "" : ", ").append(spread * random.nextDouble() - spread / 2);
            out.append(']');
        }
        out.append("]\nparam b[").append(actions).append("] = [");
        for (int a = 0; a < actions; a++) out.append(a == 0 ? "" : ", ").append(spread * random.nextDouble() - spread / 2);
        out.append("]\npolicy pi(a | s) = categorical(logits = W @ s + b)\n");
        out.append("mdp random {\n  gamma ").append(gamma).append("\n  horizon ").append(horizon).append('\n');
        out.append("  start ").append(distribution(random, states, false, dense)).append("\n  terminal T\n");
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < actions; a++) {
                out.append("  S").append(s).append(" act").append(a).append(" -> ")
                        .append(distribution(random, states, true, dense)).append(" reward ")
                        .append(4 * random.nextDouble() - 2).append('\n');
            }
        }
        return out.append("}\n").toString();
    }

    /** {S0: p0, ...}, with T when {@code withTerminal}; some weights zero, at least one positive. */
    private static String distribution(SplittableRandom random, int states, boolean withTerminal, boolean dense) {
        int n = states + (withTerminal ? 1 : 0);
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = dense ? 0.25 + 0.75 * random.nextDouble() : random.nextInt(4) == 0 ? 0 : random.nextDouble();
            total += w[i];
        }
        if (total == 0) {
            w[0] = 1;
            total = 1;
        }
        StringBuilder out = new StringBuilder("{");
        double written = 0;
        for (int i = 0; i < n; i++) {
            double p = i == n - 1 ? Math.max(0, 1 - written) : w[i] / total;
            written += p;
            out.append(i == 0 ? "" : ", ").append(i == states ? "T" : "S" + i).append(": ").append(p);
        }
        return out.append('}').toString();
    }
}
