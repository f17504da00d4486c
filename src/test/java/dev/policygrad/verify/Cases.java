package dev.policygrad.verify;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;

/** Programs for the verification tests. */
final class Cases {

    private Cases() {}

    record Case(Policy policy, FiniteMdp mdp) {}

    static Case of(String text) {
        Workspace workspace = PolicyGrad.parse("test.pg", text);
        return new Case(workspace.policy(), (FiniteMdp) workspace.task());
    }

    /** Sutton &amp; Barto's short corridor with switched actions (Example 13.1); extra mdp settings allowed. */
    static String corridor(String settings) {
        return dev.policygrad.env.Programs.corridor(settings);
    }
}
