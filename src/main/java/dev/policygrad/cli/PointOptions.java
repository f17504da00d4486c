package dev.policygrad.cli;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.Workspace;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Constants;
import dev.policygrad.diag.UsageError;
import dev.policygrad.ir.Node;
import dev.policygrad.parse.Parser;
import picocli.CommandLine.Option;

/** {@code --state} and {@code --action}: the point (s, a) at which pi(a | s) is evaluated. */
final class PointOptions {

    @Option(names = "--state", paramLabel = "VALUE", description = "The state s: a number or a vector, e.g. "
            + "[0.1, 0, -0.2, 0.3], or the name of a state of the program's mdp (what the policy observes there).")
    String state;

    @Option(names = "--action", paramLabel = "NAME",
            description = "The action a: its name, its integer, or its value for a real action (its components for "
                    + "a vector action a[K] : real, e.g. 0.3,-0.2 or [0.3, -0.2]); without it, every discrete action.")
    String action;

    /** The mdp state named by --state, or null when --state is not a state name. */
    FiniteMdp namedState(CheckedProgram program) {
        if (state == null || !state.trim().matches("[A-Za-z_][A-Za-z_0-9]*")) return null;
        for (Environment e : program.environments()) {
            if (e instanceof FiniteMdp mdp && mdp.stateIndex(state.trim()) >= 0) return mdp;
        }
        return null;
    }

    /** The state vector, checked against the declared state. */
    double[] state(CheckedProgram program) {
        FiniteMdp mdp = namedState(program);
        if (mdp != null) {
            int index = mdp.stateIndex(state.trim());
            if (mdp.isTerminal(index)) {
                throw new UsageError("'" + state.trim() + "' is a terminal state of " + mdp.name() + "; the policy acts only in "
                        + "non-terminal states");
            }
            return mdp.observation(index);
        }
        Node.Input declared = program.state();
        if (declared == null) {
            if (state != null) throw new UsageError("--state was given, but the program declares no state"
                    + (program.environments().stream().anyMatch(e -> e instanceof FiniteMdp)
                            ? " and '" + state + "' is not a state of its mdp" : ""));
            return new double[0];
        }
        if (state == null) {
            throw new UsageError("the policy reads the state '" + declared.name() + "' of shape " + declared.shape()
                    + "; give it with --state");
        }
        Node.Const value = Constants.evaluate(Parser.parseExpression("--state", state), "--state");
        if (!value.shape().equals(declared.shape())) {
            throw new UsageError("--state has shape " + value.shape() + ", but the state '" + declared.name()
                    + "' is declared " + declared.shape());
        }
        return requireFinite("--state", value.values());
    }

    /**
     * {@code values}, unless one is not finite: then a usage error naming the option, as {@code --set}
     * gives, before the value reaches the policy and fails there at some operation of the formula.
     */
    static double[] requireFinite(String option, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new UsageError("the value given for " + option + " is not a finite number ("
                        + (values.length == 1 ? String.valueOf(values[i]) : "element " + i + " is " + values[i]) + ")");
            }
        }
        return values;
    }

    /**
     * The action's components as the engine sees them ({@link Workspace#actionValues}): an index for a
     * discrete action, its value for a real one, K values for {@code a[K] : real}.
     */
    double[] actionValues(Workspace workspace) {
        if (action == null) throw new UsageError("give the action with --action");
        return requireFinite("--action", workspace.actionValues(action));
    }

    /** The state as printed: its name, or the vector as written, or empty when there is none. */
    String stateLabel(CheckedProgram program) {
        if (state != null) return state.trim();
        return program.state() == null ? "" : program.state().name();
    }
}
