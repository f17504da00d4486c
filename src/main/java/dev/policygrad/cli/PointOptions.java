package dev.policygrad.cli;

import dev.policygrad.env.ActionSpace;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Constants;
import dev.policygrad.diag.UsageError;
import dev.policygrad.ir.Node;
import dev.policygrad.parse.Parser;
import picocli.CommandLine.Option;

/** {@code --state} and {@code --action}: the point (s, a) at which pi(a | s) is evaluated. */
final class PointOptions {

    @Option(names = "--state", paramLabel = "VALUE", description = "The state s: a number or a vector, e.g. [0.1, 0, -0.2, 0.3].")
    String state;

    @Option(names = "--action", paramLabel = "NAME", required = true,
            description = "The action a: its name, its integer for a range, or its value for a real action.")
    String action;

    /** The state vector, checked against the declared state. */
    double[] state(CheckedProgram program) {
        Node.Input declared = program.state();
        if (declared == null) {
            if (state != null) throw new UsageError("--state was given, but the program declares no state");
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
        return value.values();
    }

    /** The action as the engine sees it: an index for discrete actions, a value for a real one. */
    double action(ActionSpace actions) {
        return resolve(actions, action);
    }

    static double resolve(ActionSpace actions, String text) {
        if (actions.real()) {
            Node.Const value = Constants.evaluate(Parser.parseExpression("--action", text), "--action");
            if (!value.shape().isScalar()) throw new UsageError("--action must be a number for a real action");
            return value.value();
        }
        int index = actions.indexOf(text.trim());
        if (index < 0) {
            throw new UsageError("unknown action '" + text + "'; the actions are " + actions.describe());
        }
        return index;
    }
}
