package dev.policygrad.check;

import dev.policygrad.diag.Suggestions;
import dev.policygrad.ast.Expr;
import dev.policygrad.diag.CheckError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a call's arguments to a function's parameter names: positional ones in order, then named
 * ones by name, with an error for anything missing, repeated or unknown.
 */
final class Arguments {

    private Arguments() {}

    /**
     * The argument for each name that was given; {@code required} of them (the first ones) must be.
     * Alternatives such as {@code logits} or {@code probs} are checked by the caller.
     */
    static Map<String, Expr> bind(Expr.Call call, List<String> names, int required) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        int position = 0;
        boolean sawNamed = false;
        for (Expr.Arg arg : call.args()) {
            if (arg.isNamed()) {
                sawNamed = true;
                if (!names.contains(arg.name())) {
                    throw new CheckError(arg.span(), call.function() + " has no argument '" + arg.name() + "'; it takes "
                            + describe(names) + Suggestions.didYouMean(arg.name(), names));
                }
                if (bound.containsKey(arg.name())) {
                    throw new CheckError(arg.span(), "argument '" + arg.name() + "' of " + call.function() + " is given twice");
                }
                bound.put(arg.name(), arg.value());
            } else {
                if (sawNamed) {
                    throw new CheckError(arg.span(), "a positional argument cannot follow a named one in " + call.function());
                }
                if (position >= names.size()) {
                    throw new CheckError(arg.span(), call.function() + " takes at most " + names.size() + " argument"
                            + (names.size() == 1 ? "" : "s") + " (" + describe(names) + "), got " + call.args().size());
                }
                bound.put(names.get(position++), arg.value());
            }
        }
        for (int i = 0; i < required; i++) {
            if (!bound.containsKey(names.get(i))) {
                throw new CheckError(call.span(), call.function() + " needs its argument '" + names.get(i) + "' ("
                        + call.function() + "(" + String.join(", ", names.subList(0, required)) + "))");
            }
        }
        return bound;
    }

    static String describe(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : i == names.size() - 1 ? " and " : ", ").append('\'').append(names.get(i)).append('\'');
        }
        return out.toString();
    }

    /** Fails unless the call has exactly {@code n} positional arguments. */
    static List<Expr> positional(Expr.Call call, int n) {
        for (Expr.Arg arg : call.args()) {
            if (arg.isNamed()) {
                throw new CheckError(arg.span(), call.function() + " takes no named arguments");
            }
        }
        if (call.args().size() != n) {
            throw new CheckError(call.span(), call.function() + " takes " + n + " argument" + (n == 1 ? "" : "s")
                    + ", got " + call.args().size());
        }
        return call.args().stream().map(Expr.Arg::value).toList();
    }
}
