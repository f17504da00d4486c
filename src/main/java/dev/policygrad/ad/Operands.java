package dev.policygrad.ad;

import java.util.Map;

/**
 * What each operand of a primitive is called when a graph or table labels it: {@code pow}'s base and
 * exponent, {@code normal_lpdf}'s x, mean and std. One-argument primitives need no label.
 */
public final class Operands {

    private static final Map<String, String[]> ROLES = Map.ofEntries(
            Map.entry("sub", new String[] {"minuend", "subtrahend"}),
            Map.entry("div", new String[] {"numerator", "denominator"}),
            Map.entry("pow", new String[] {"base", "exponent"}),
            Map.entry("pick", new String[] {"vector", "index"}),
            Map.entry("where", new String[] {"condition", "then", "else"}),
            Map.entry("normal_lpdf", new String[] {"x", "mean", "std"}),
            Map.entry("normal_lpdf_with_log_std", new String[] {"x", "mean", "std", "log_std"}),
            Map.entry("tanh_normal_lpdf", new String[] {"a", "mean", "std"}),
            Map.entry("tanh_normal_lpdf_with_log_std", new String[] {"a", "mean", "std", "log_std"}),
            Map.entry("bernoulli_lpmf", new String[] {"outcome", "p"}),
            Map.entry("matvec", new String[] {"matrix", "vector"}),
            Map.entry("vecmat", new String[] {"vector", "matrix"}),
            Map.entry("matmul", new String[] {"left", "right"}),
            Map.entry("outer", new String[] {"column", "row"}),
            Map.entry("dot", new String[] {"x", "y"}));

    private Operands() {}

    /** The label of operand {@code k} of {@code op} with {@code arity} operands ("" for a lone one). */
    public static String label(String op, int k, int arity) {
        if (arity == 1) return "";
        String[] roles = ROLES.get(op);
        if (roles != null && k < roles.length) return roles[k];
        if (op.equals("stack")) return "[" + k + "]";
        return arity == 2 ? (k == 0 ? "x" : "y") : "arg " + k;
    }
}
