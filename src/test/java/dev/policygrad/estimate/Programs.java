package dev.policygrad.estimate;

import dev.policygrad.ast.Decl;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;

/** Test programs, written in the policy language: a policy and a finite MDP per text. */
final class Programs {

    private Programs() {}

    /** A policy with its finite MDP. */
    record Case(Policy policy, FiniteMdp mdp, double[] theta) {}

    static Case of(String text) {
        CheckedProgram program = Checker.check(Parser.parse("test.pg", text));
        FiniteMdp mdp = FiniteMdp.of((Decl.MdpDecl) program.environments().get(0), program.actions(), program.state());
        Policy policy = Policy.of(program);
        return new Case(policy, mdp, policy.initialParameters(0));
    }

    static Policy policy(String text) {
        return Policy.of(Checker.check(Parser.parse("test.pg", text)));
    }

    static final String CORRIDOR_POLICY = """
            action a in {right, left}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            """;

    /** Sutton &amp; Barto's short corridor (Example 13.1), gamma 1, with extra mdp settings. */
    static String corridor(String settings) {
        return CORRIDOR_POLICY + """
                mdp short_corridor {
                  gamma 1
                  %s
                  start S1
                  terminal G
                  S1 right -> S2 reward -1
                  S1 left  -> S1 reward -1
                  S2 right -> S1 reward -1
                  S2 left  -> S3 reward -1
                  S3 right -> G  reward -1
                  S3 left  -> S2 reward -1
                }
                """.formatted(settings);
    }

    /**
     * A random finite MDP from {@code seed}: {@code states} non-terminal states S0.. seen one-hot plus
     * a terminal T, random start distribution, transitions (some entries zero) and rewards in [-2, 2];
     * the policy is a linear softmax W @ s + b with random W and b in [-1.5, 1.5], so theta varies
     * per state and per action.
     */
    static String randomMdp(long seed, int states, int actions, double gamma, int horizon) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        out.append("state s[").append(states).append("]\naction a in {");
        for (int a = 0; a < actions; a++) out.append(a == 0 ? "" : ", ").append("act").append(a);
        out.append("}\n");
        out.append("param W[").append(actions).append("][").append(states).append("] = [");
        for (int a = 0; a < actions; a++) {
            out.append(a == 0 ? "[" : ", [");
            for (int s = 0; s < states; s++) out.append(s == 0 ? "" : ", ").append(3 * random.nextDouble() - 1.5);
            out.append(']');
        }
        out.append("]\nparam b[").append(actions).append("] = [");
        for (int a = 0; a < actions; a++) out.append(a == 0 ? "" : ", ").append(3 * random.nextDouble() - 1.5);
        out.append("]\npolicy pi(a | s) = categorical(logits = W @ s + b)\n");
        out.append("mdp random {\n  gamma ").append(gamma).append("\n  horizon ").append(horizon).append('\n');
        out.append("  start ").append(distribution(random, states, false)).append("\n  terminal T\n");
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < actions; a++) {
                out.append("  S").append(s).append(" act").append(a).append(" -> ")
                        .append(distribution(random, states, true)).append(" reward ")
                        .append(4 * random.nextDouble() - 2).append('\n');
            }
        }
        return out.append("}\n").toString();
    }

    /** {S0: p0, ...}, with T when {@code withTerminal}; some weights zero, at least one positive. */
    private static String distribution(SplittableRandom random, int states, boolean withTerminal) {
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
            double p = i == n - 1 ? Math.max(0, 1 - written) : w[i] / total;
            written += p;
            out.append(i == 0 ? "" : ", ").append(i == states ? "T" : "S" + i).append(": ").append(p);
        }
        return out.append('}').toString();
    }
}
