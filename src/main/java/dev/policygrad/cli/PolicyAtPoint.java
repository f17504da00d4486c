package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.inspect.ActionsAtState;
import dev.policygrad.policy.Policy;
import java.util.List;

/**
 * A loaded workspace with the point it is evaluated at: theta from the parameter options, the state
 * from {@code --state} (a value, or the name of an mdp state), and log pi (with the score, when
 * asked) for the action of {@code --action} or, without it, for every discrete action. Shared by
 * the commands that evaluate pi(a | s).
 */
record PolicyAtPoint(Workspace workspace, double[] state, ActionsAtState actions) {

    static PolicyAtPoint load(Workspace loaded, PointOptions point, ParameterOptions parameters, boolean scores) {
        Workspace workspace = parameters.apply(loaded);
        Policy policy = workspace.policy();
        double[] state = point.state(workspace.program());
        double[] theta = workspace.theta();
        ActionsAtState actions;
        if (point.action == null) {
            if (policy.actions().real()) {
                throw new UsageError("the action is real; give one with --action (every action is listed only for "
                        + "discrete actions)");
            }
            actions = ActionsAtState.everyAction(policy, theta, state, scores);
        } else {
            actions = ActionsAtState.of(policy, theta, state, new double[][] {point.actionValues(workspace)},
                    List.of(point.action.trim()), scores);
        }
        return new PolicyAtPoint(workspace, state, actions);
    }

    /** {@code pi(right | S1)}, as printed. */
    String pi(PointOptions point, String action) {
        String state = point.stateLabel(workspace.program());
        return workspace.policy().name() + "(" + action + (state.isEmpty() ? "" : " | " + state) + ")";
    }
}
