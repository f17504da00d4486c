package dev.policygrad.estimate;

import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;

/** Policies for tests, written in the policy language. */
final class Programs {

    private Programs() {}

    static Policy policy(String text) {
        return Policy.of(Checker.check(Parser.parse("test.pg", text)));
    }

    static final String CORRIDOR_POLICY = "action a in {right, left}\nparam theta[2] = 0\n"
            + "policy pi(a | s) = categorical(logits = theta)\n";

    static final String GAUSSIAN_POLICY = "state s\naction a : real\nparam k = 0\nparam log_std = 0\n"
            + "policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))\n";
}
