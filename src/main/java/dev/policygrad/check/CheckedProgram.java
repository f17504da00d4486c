package dev.policygrad.check;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.env.Environment;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A program every declaration of which has been checked: names resolved, shapes inferred, every
 * {@code let} lowered, every environment built (formula environments lowered and compiled). The
 * input to everything after the check stage; immutable.
 *
 * @param state        the state input (a vector, or a scalar), or null when none is declared
 * @param actions      the action space, or null when no action is declared
 * @param parameters   the layout of theta
 * @param policy       the policy, or null when the files declare none
 * @param declaredEnvironments the environments ({@code mdp} and {@code env}) in declaration order
 * @param warnings     what is allowed but probably not meant (an unused {@code let}), each with its position
 * @param claims       the {@code claim} declarations, in the order written
 * @param formulas     the {@code estimator} and {@code value} declarations, checked
 */
public record CheckedProgram(Node.Input state, ActionSpace actions, ParameterLayout parameters, PolicySpec policy,
        List<DeclaredEnvironment> declaredEnvironments, List<String> warnings, List<ClaimSpec> claims,
        EpisodeFormulas formulas) {

    /**
     * An environment with its name and the position of its declaration. {@code environment} is null
     * when the program declares no action: an environment is checked against the policy's actions,
     * so one read without a policy (a task file on its own) can be printed but not used.
     */
    public record DeclaredEnvironment(String name, Environment environment, Span span) {

        /** The environment, or a CheckError when no action was declared to check it against. */
        public Environment require() {
            if (environment == null) {
                throw new CheckError(span, "the environment '" + name + "' needs a policy's action; declare one, "
                        + "e.g. 'action a in {left, right}'");
            }
            return environment;
        }
    }

    public CheckedProgram {
        declaredEnvironments = List.copyOf(declaredEnvironments);
        warnings = List.copyOf(warnings);
        claims = List.copyOf(claims);
    }

    /** The policy, or a CheckError when there is none. */
    public PolicySpec requirePolicy() {
        if (policy == null) {
            throw new CheckError(null,
                    "no policy is declared; add one, e.g. 'policy pi(a | s) = categorical(logits = theta)'");
        }
        return policy;
    }

    /** The declared environments, in declaration order. */
    public List<Environment> environments() {
        List<Environment> all = new ArrayList<>();
        for (DeclaredEnvironment d : declaredEnvironments) all.add(d.require());
        return all;
    }

    /** The one declared environment; a CheckError if there is none or several. */
    public Environment environment() {
        List<DeclaredEnvironment> environments = declaredEnvironments;
        if (environments.isEmpty()) {
            throw new CheckError(null, "no environment is declared; add an 'mdp name { ... }' block, 'env cartpole', "
                    + "'env lqr' or an 'env name { ... }' block");
        }
        if (environments.size() > 1) {
            List<String> names = new ArrayList<>();
            for (DeclaredEnvironment d : environments) {
                names.add("'" + d.name() + "' (" + d.span().where() + ")");
            }
            throw new CheckError(environments.get(1).span(), "several environments are declared: " + String.join(", ", names)
                    + "; keep one, or name the one to use");
        }
        return environments.get(0).require();
    }

    /** The environment declared as {@code name}. */
    public Environment environment(String name) {
        List<String> names = new ArrayList<>();
        for (DeclaredEnvironment d : declaredEnvironments) {
            if (d.name().equals(name)) return d.require();
            names.add(d.name());
        }
        throw new CheckError(null, "no environment named '" + name + "'" + Suggestions.didYouMean(name, names)
                + (names.isEmpty() ? "; none is declared" : " (declared: " + String.join(", ", names) + ")"));
    }

    /**
     * What was declared, in a line ({@code checked program: policy pi over {right, left}; parameters
     * theta[2]; tasks short_corridor}): the record's default would print every node of every formula.
     */
    @Override
    public String toString() {
        return "checked program: " + (policy == null ? "no policy" : "policy " + policy.name() + " over "
                + (actions == null ? "no action" : actions.describe())) + "; parameters "
                + (parameters == null ? "none" : parameters.describe()) + "; tasks "
                + (declaredEnvironments.isEmpty() ? "none" : String.join(", ",
                        declaredEnvironments.stream().map(DeclaredEnvironment::name).toList()));
    }
}
