package dev.policygrad.check;

import dev.policygrad.ast.Decl;
import dev.policygrad.ir.Node;
import java.util.List;

/**
 * A program whose names are resolved and whose shapes are checked: the input to everything after
 * the check stage.
 *
 * @param state        the state input (a vector, or a scalar), or null when none is declared
 * @param actions      the action space, or null when no action is declared
 * @param parameters   the layout of theta
 * @param policy       the policy, or null when the files declare none
 * @param environments the {@code mdp} and {@code env} declarations, checked by the env stage
 * @param lowering     the name scope of the program, for lowering environment formulas
 * @param claims       the {@code claim} declarations, in the order written
 */
public record CheckedProgram(Node.Input state, ActionSpace actions, ParameterLayout parameters, PolicySpec policy,
        List<Decl> environments, Lowering lowering, List<ClaimSpec> claims) {

    public CheckedProgram {
        environments = List.copyOf(environments);
        claims = List.copyOf(claims);
    }

    /** The policy, or a CheckError when there is none. */
    public PolicySpec requirePolicy() {
        if (policy == null) {
            throw new dev.policygrad.diag.CheckError(null,
                    "no policy is declared; add one, e.g. 'policy pi(a | s) = categorical(logits = theta)'");
        }
        return policy;
    }
}
