package dev.policygrad.objective;

import java.util.Random;

/** Random finite MDPs with a linear softmax policy over the one-hot state, as .pg text, for property tests. */
public final class RandomMdps {

    private RandomMdps() {}

    /** The text of a random MDP and policy; {@code horizon} 0 means none. */
    public static String program(long seed, int states, int actions, double gamma, int horizon) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        out.append("state s[").append(states).append("]\n");
        out.append("action a in {");
        for (int a = 0; a < actions; a++) out.append(a == 0 ? "" : ", ").append("act").append(a);
        out.append("}\n");
        out.append("param W[").append(actions).append("][").append(states).append("] = [");
        for (int a = 0; a < actions; a++) {
            out.append(a == 0 ? "[" : ", [");
            for (int s = 0; s < states; s++) out.append(s == 0 ? "" : ", ").append(4 * random.nextDouble() - 2);
            out.append(']');
        }
        out.append("]\npolicy pi(a | s) = categorical(logits = W @ s)\n");
        out.append("mdp random {\n  gamma ").append(gamma).append('\n');
        if (horizon > 0) out.append("  horizon ").append(horizon).append('\n');
        out.append("  start ").append(distribution(random, states, false)).append('\n');
        out.append("  terminal T\n");
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < actions; a++) {
                out.append("  S").append(s).append(" act").append(a).append(" -> ")
                        .append(distribution(random, states, true)).append(" reward ")
                        .append(Math.round((10 * random.nextDouble() - 5) * 1000) / 1000.0).append('\n');
            }
        }
        return out.append("}\n").toString();
    }

    /** {S0: p0, ...} over every state (and T), probabilities written so that they sum to 1. */
    private static String distribution(Random random, int states, boolean withTerminal) {
        int n = states + (withTerminal ? 1 : 0);
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble();
            total += w[i];
        }
        if (total == 0) {
            w[0] = 1;
            total = 1;
        }
        StringBuilder out = new StringBuilder("{");
        double written = 0;
        for (int i = 0; i < n; i++) {
            double p = i == n - 1 ? 1 - written : w[i] / total;
            written += p;
            out.append(i == 0 ? "" : ", ").append(i == states ? "T" : "S" + i).append(": ").append(Math.max(0, p));
        }
        return out.append('}').toString();
    }
}
