package dev.policygrad.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Random finite MDPs (2-5 states plus a terminal one, 2-3 actions, random stochastic transitions and
 * rewards) under a random linear softmax policy over the one-hot state: the exact J by backward
 * induction equals sum_tau p(tau) G(tau) over the enumerated trajectories, and the two exact gradients
 * (policy gradient theorem, high-order finite differences of J) agree.
 */
class RandomMdpProperties {

    /** The text of a random MDP and policy; {@code horizon} 0 means none. */
    static String program(long seed, int states, int actions, double gamma, int horizon) {
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

    @Property(tries = 60, seed = "20240611")
    void backwardInductionEqualsTrajectorySum(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 4) int horizon) {
        CheckedProgram program = Programs.check(program(seed, states, actions, gamma, horizon));
        FiniteMdp mdp = Programs.mdp(program);
        Policy policy = Policy.of(program);
        double[] theta = policy.initialParameters(0);
        List<Trajectory> all = Trajectories.enumerate(mdp, policy.newEvaluator(), theta);
        double expected = 0;
        double total = 0;
        for (Trajectory tau : all) {
            expected += tau.probability() * tau.discountedReturn(gamma);
            total += tau.probability();
        }
        assertEquals(1, total, 1e-12);
        ExactObjective objective = new ExactObjective(mdp, policy);
        assertEquals(expected, objective.value(theta), 1e-10);
        assertArrayEquals(objective.finiteDifferenceGradient(theta), objective.gradient(theta), 1e-8);
    }

    @Property(tries = 40, seed = "20240612")
    void linearSolveGradientMatchesFiniteDifferences(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 5) int states, @ForAll @IntRange(min = 2, max = 3) int actions,
            @ForAll @DoubleRange(min = 0.5, max = 0.95) double gamma) {
        CheckedProgram program = Programs.check(program(seed, states, actions, gamma, 0));
        Policy policy = Policy.of(program);
        ExactObjective objective = new ExactObjective(Programs.mdp(program), policy);
        double[] theta = policy.initialParameters(0);
        double[] gradient = objective.gradient(theta);
        double[] check = objective.finiteDifferenceGradient(theta);
        for (int i = 0; i < gradient.length; i++) {
            assertEquals(check[i], gradient[i], 1e-8 * Math.max(1, Math.abs(check[i])));
        }
    }
}
