package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.Sources;
import dev.policygrad.diag.UsageError;
import dev.policygrad.inspect.ActionsAtState;
import dev.policygrad.policy.Policy;
import java.util.List;

/**
 * A compiled policy with the point it is evaluated at: theta from the parameter options, the state
 * and action from {@code --state} and {@code --action}. Shared by the commands that evaluate pi(a | s).
 */
record PolicyAtPoint(CheckedProgram program, Policy policy, double[] theta, double[] state, ActionsAtState actions) {

    /**
     * Loads the program and evaluates log pi (and the score, when {@code scores}) at the point: for
     * the action given, or for every action of a discrete policy when --action is left out.
     */
    static PolicyAtPoint load(Inputs inputs, PointOptions point, ParameterOptions parameters, Sources sources,
            boolean scores) {
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        double[] theta = parameters.theta(policy.parameters());
        double[] state = point.state(program);
        ActionsAtState actions;
        if (point.action == null) {
            if (policy.actions().real()) {
                throw new UsageError("the action is real; give one with --action (every action is listed only for "
                        + "discrete actions)");
            }
            actions = ActionsAtState.everyAction(policy, theta, state, scores);
        } else {
            actions = ActionsAtState.of(policy, theta, state, new double[] {point.action(policy.actions())},
                    List.of(point.action.trim()), scores);
        }
        return new PolicyAtPoint(program, policy, theta, state, actions);
    }

    /** {@code pi(right | S1)}, as printed. */
    String pi(PointOptions point, String action) {
        String state = point.stateLabel(program);
        return policy.name() + "(" + action + (state.isEmpty() ? "" : " | " + state) + ")";
    }
}
