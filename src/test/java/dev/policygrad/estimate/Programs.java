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
        FiniteMdp mdp = (FiniteMdp) program.environment();
        Policy policy = Policy.of(program);
        return new Case(policy, mdp, policy.initialParameters(0));
    }

    static Policy policy(String text) {
        return Policy.of(Checker.check(Parser.parse("test.pg", text)));
    }

    static final String CORRIDOR_POLICY = dev.policygrad.env.Programs.CORRIDOR_POLICY;

    /** Sutton &amp; Barto's short corridor (Example 13.1), gamma 1, with extra mdp settings. */
    static String corridor(String settings) {
        return dev.policygrad.env.Programs.corridor(settings);
    }
}
