package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.Sources;
import dev.policygrad.policy.Policy;

/**
 * A compiled policy with the point it is evaluated at: theta from the parameter options, the state
 * and action from {@code --state} and {@code --action}. Shared by the commands that evaluate pi(a | s).
 */
record PolicyAtPoint(CheckedProgram program, Policy policy, double[] theta, double[] state, double action) {

    static PolicyAtPoint load(Inputs inputs, PointOptions point, ParameterOptions parameters, Sources sources) {
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        return new PolicyAtPoint(program, policy, parameters.theta(policy.parameters()), point.state(program),
                point.action(policy.actions()));
    }
}
