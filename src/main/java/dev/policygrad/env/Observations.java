package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Decl.MdpItem;
import dev.policygrad.ast.Ident;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * What the policy observes in each state of an {@code mdp}: the {@code observe} vectors; without
 * observe lines, the one-hot vector of the non-terminal state when the policy declares
 * {@code state s[n]} with n non-terminal states; nothing when the policy sees no state. Terminal
 * states without an observe line show zeros (the policy never acts there).
 */
final class Observations {

    record Result(double[][] vectors, int size) {}

    private Observations() {}

    static Result of(Decl.MdpDecl decl, Map<String, MdpItem.Observe> observes, List<String> names, int nonTerminal,
            Node.Input state, Map<String, Ident> firstAppearance) {
        int n = names.size();
        if (state == null) {
            if (!observes.isEmpty()) {
                MdpItem.Observe first = observes.values().iterator().next();
                throw new CheckError(first.span(), "observe lines give the policy's state, but the policy declares no "
                        + "state; declare one, e.g. 'state s[" + first.vector().size() + "]'");
            }
            return new Result(new double[n][0], 0);
        }
        int size = state.shape().size();
        double[][] vectors = new double[n][size];
        if (observes.isEmpty()) {
            if (!state.shape().isVector() || size != nonTerminal) {
                throw new CheckError(decl.name().span(), "the policy's state " + state.name() + " has shape "
                        + state.shape() + ", but mdp '" + decl.name().text() + "' has no observe lines and " + nonTerminal
                        + (nonTerminal == 1 ? " non-terminal state" : " non-terminal states") + "; declare 'state " + state.name() + "[" + nonTerminal
                        + "]' to observe the one-hot vector of the state, or add observe lines");
            }
            for (int s = 0; s < nonTerminal; s++) vectors[s][s] = 1;
            return new Result(vectors, size);
        }
        for (MdpItem.Observe o : observes.values()) {
            if (o.vector().size() != size) {
                throw new CheckError(o.span(), "the observe vector of '" + o.state().text() + "' has " + o.vector().size()
                        + (o.vector().size() == 1 ? " value" : " values") + ", but the policy's state " + state.name()
                        + " has shape " + state.shape() + " (" + size + (size == 1 ? " value)" : " values)"));
            }
            int s = names.indexOf(o.state().text());
            for (int i = 0; i < size; i++) vectors[s][i] = o.vector().get(i);
        }
        for (int s = 0; s < nonTerminal; s++) {
            if (!observes.containsKey(names.get(s))) {
                throw new CheckError(firstAppearance.get(names.get(s)).span(), "state '" + names.get(s) + "' has no observe line; when one state "
                        + "has one, every non-terminal state needs one");
            }
        }
        return new Result(vectors, size);
    }
}
