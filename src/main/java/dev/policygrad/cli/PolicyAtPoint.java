package dev.policygrad.cli;

import dev.policygrad.Workspace;

/**
 * A loaded workspace with the point it is evaluated at: theta from the parameter options, the state
 * and action from {@code --state} and {@code --action}. Shared by the commands that evaluate pi(a | s).
 */
record PolicyAtPoint(Workspace workspace, double[] state, double action) {

    static PolicyAtPoint load(Workspace loaded, PointOptions point, ParameterOptions parameters) {
        Workspace workspace = parameters.apply(loaded);
        workspace.policy();
        return new PolicyAtPoint(workspace, point.state(workspace.program()), point.action(workspace.policy().actions()));
    }
}
