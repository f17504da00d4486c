package dev.policygrad.rollout;

import dev.policygrad.env.Environment;
import dev.policygrad.policy.Policy;

/**
 * What is rolled out: a policy acting in an environment. A task built in memory ({@link #of}) runs
 * on local threads; a task that can be shipped to other machines is a {@link SourceTask}, which
 * carries the program's text and rebuilds the policy and environment where it runs.
 */
public interface Task {

    Policy policy();

    Environment environment();

    /** A task of objects already built, for local threads only. */
    static Task of(Policy policy, Environment environment) {
        return new Built(policy, environment);
    }

    /** A policy and environment in memory. */
    record Built(Policy policy, Environment environment) implements Task {}
}
