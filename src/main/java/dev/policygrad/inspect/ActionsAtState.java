package dev.policygrad.inspect;

import dev.policygrad.ad.NonFinite;

import dev.policygrad.env.ActionSpace;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * log pi(a | s) and, when asked, the score d log pi(a | s) / d theta for several actions at one
 * state: every discrete action when none is named, else the one given.
 */
public record ActionsAtState(List<String> labels, double[] logPi, double[][] scores) {

    /**
     * @param actions the engine's actions (indices, or values for a real action)
     * @param labels  their labels as printed
     * @param scores  whether to compute the score of each
     */
    public static ActionsAtState of(Policy policy, double[] theta, double[] state, double[] actions, List<String> labels,
            boolean scores) {
        double[][] each = new double[actions.length][];
        for (int i = 0; i < actions.length; i++) each[i] = new double[] {actions[i]};
        return of(policy, theta, state, each, labels, scores);
    }

    /**
     * @param actions each action's components (one for a scalar action, K for {@code a[K] : real})
     * @param labels  their labels as printed
     * @param scores  whether to compute the score of each
     */
    public static ActionsAtState of(Policy policy, double[] theta, double[] state, double[][] actions, List<String> labels,
            boolean scores) {
        Evaluator evaluator = policy.newEvaluator();
        double[] logPi = new double[actions.length];
        double[][] gradients = scores ? new double[actions.length][theta.length] : null;
        for (int i = 0; i < actions.length; i++) {
            logPi[i] = scores ? evaluator.score(theta, state, actions[i], 0, gradients[i])
                    : evaluator.logPi(theta, state, actions[i], 0);
            // a non-finite log pi or score is an error at the operation that made it, for one action as for
            // every action (an impossible action's log pi of -Infinity too, as `eval --action` has it); when
            // several actions are evaluated the message names the first that failed
            String subject = actions.length == 1 ? "log pi" : "log pi(" + labels.get(i) + ")";
            NonFinite.requireFiniteValue(evaluator.tape(), logPi[i], subject);
            if (scores) NonFinite.requireFiniteGradient(evaluator.tape(), gradients[i], policy.parameterNames(), subject);
        }
        return new ActionsAtState(List.copyOf(labels), logPi, gradients);
    }

    /** Every discrete action of the space, as indices with their labels. */
    public static ActionsAtState everyAction(Policy policy, double[] theta, double[] state, boolean scores) {
        ActionSpace space = policy.actions();
        double[] actions = new double[space.count()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            actions[i] = i;
            labels.add(space.label(i));
        }
        return of(policy, theta, state, actions, labels, scores);
    }
}
