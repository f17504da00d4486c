package dev.policygrad.check;

import dev.policygrad.ast.Expr;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;

/** Evaluates a formula that mentions no names, such as a {@code --set} value or a {@code --state}. */
public final class Constants {

    private Constants() {}

    /**
     * The value of {@code e}, folded at check time; a CheckError if it is not a constant. It may be Infinity
     * or NaN ({@code exp(1000)}): the caller refuses that naming its option.
     */
    public static Node.Const evaluate(Expr e, String what) {
        return new Lowering(new Graph()).allowingNonFiniteConstants().constant(e, what);
    }
}
