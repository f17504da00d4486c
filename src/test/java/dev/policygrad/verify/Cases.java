package dev.policygrad.verify;

import dev.policygrad.ast.Decl;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;

/** Programs for the verification tests. */
final class Cases {

    private Cases() {}

    record Case(Policy policy, FiniteMdp mdp) {}

    static Case of(String text) {
        CheckedProgram program = Checker.check(Parser.parse("test.pg", text));
        FiniteMdp mdp = (FiniteMdp) program.environment();
        return new Case(Policy.of(program), mdp);
    }

    /** Sutton &amp; Barto's short corridor with switched actions (Example 13.1); extra mdp settings allowed. */
    static String corridor(String settings) {
        return dev.policygrad.env.Programs.corridor(settings);
    }
}
