package dev.policygrad.estimate;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;

/** Test programs, written in the policy language: a policy and a finite MDP per text. */
final class Programs {

    private Programs() {}

    /** A policy with its finite MDP. */
    record Case(Policy policy, FiniteMdp mdp, double[] theta) {}

    static Case of(String text) {
        Workspace workspace = PolicyGrad.parse("test.pg", text);
        return new Case(workspace.policy(), (FiniteMdp) workspace.task(), workspace.theta());
    }

    static Policy policy(String text) {
        return PolicyGrad.parse("test.pg", text).policy();
    }

    static final String CORRIDOR_POLICY = dev.policygrad.env.Programs.CORRIDOR_POLICY;

    /** Sutton &amp; Barto's short corridor (Example 13.1), gamma 1, with extra mdp settings. */
    static String corridor(String settings) {
        return dev.policygrad.env.Programs.corridor(settings);
    }
}
