package dev.policygrad.estimate;

import dev.policygrad.ast.Decl;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;

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
}
