package dev.policygrad.prove;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * On random finite MDPs (2-4 states plus a terminal one, 2-3 actions, random stochastic transitions
 * and rewards, horizon 1-3) under a random linear softmax over the one-hot state, every claim of the
 * derivation holds.
 */
class RandomDerivationProperties {

    @Property(tries = 30, seed = "20240701")
    void everyStepHolds(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 3) int horizon) {
        DerivationReport report = Proofs.ofText(program(seed, states, actions, gamma, horizon)).prove();
        assertTrue(report.holds(), () -> report.failures() + "\n" + ProofTable.render(report));
    }

    /** A random MDP with a linear softmax policy over the one-hot state, as .pg text. */
    static String program(long seed, int states, int actions, double gamma, int horizon) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder("state s[" + states + "]\naction a in {");
        for (int a = 0; a < actions; a++) out.append(a == 0 ? "" : ", ").append("act").append(a);
        out.append("}\nparam W[").append(actions).append("][").append(states).append("] = [");
        for (int a = 0; a < actions; a++) {
            out.append(a == 0 ? "[" : ", [");
            for (int s = 0; s < states; s++) out.append(s == 0 ? "" : ", ").append(4 * random.nextDouble() - 2);
            out.append(']');
        }
        out.append("]\npolicy pi(a | s) = categorical(logits = W @ s)\n");
        out.append("mdp random {\n  gamma ").append(gamma).append("\n  horizon ").append(horizon).append('\n');
        out.append("  start ").append(distribution(random, states, false)).append("\n  terminal T\n");
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < actions; a++) {
                out.append("  S").append(s).append(" act").append(a).append(" -> ")
                        .append(distribution(random, states, true)).append(" reward ")
                        .append(Math.round((10 * random.nextDouble() - 5) * 1000) / 1000.0).append('\n');
            }
        }
        return out.append("}\n").toString();
    }

    /** {S0: p0, ...} over the states (and T), some weights zero, summing to 1. */
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
