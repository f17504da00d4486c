package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.diag.CheckError;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code name = value} settings of a built-in environment ({@code env lqr(a = 1.2, horizon = 50)}),
 * over a table of defaults: unknown or repeated names are errors at the setting, with a suggestion.
 */
final class BuiltinSettings {

    private final Decl.BuiltinEnvDecl decl;
    private final Map<String, Double> values;
    private final Map<String, Span> spans = new HashMap<>();

    BuiltinSettings(Decl.BuiltinEnvDecl decl, Map<String, Double> defaults) {
        this.decl = decl;
        this.values = new LinkedHashMap<>(defaults);
        for (Decl.Setting s : decl.settings()) {
            String key = s.key().text();
            if (!defaults.containsKey(key)) {
                throw new CheckError(s.key().span(), "env " + decl.name().text() + " has no setting '" + key + "'"
                        + Suggestions.didYouMean(key, defaults.keySet()) + " (its settings are "
                        + String.join(", ", defaults.keySet()) + ")");
            }
            Span first = spans.putIfAbsent(key, s.span());
            if (first != null) throw new CheckError(s.span(), key + " is already set at " + first.where());
            values.put(key, s.value());
        }
    }

    double get(String key) {
        return values.get(key);
    }

    private Span span(String key) {
        return spans.getOrDefault(key, decl.span());
    }

    /** gamma, checked to lie in [0, 1]. */
    double gamma() {
        double g = get("gamma");
        if (!(g >= 0 && g <= 1)) throw new CheckError(span("gamma"), "gamma must lie in [0, 1], got " + g);
        return g;
    }

    /** horizon, checked to be a whole number of steps. */
    int horizon() {
        double h = get("horizon");
        if (h < 1 || h != Math.rint(h) || h > Environment.STEP_CAP) {
            throw new CheckError(span("horizon"), "horizon must be a whole number of steps in 1.." + Environment.STEP_CAP
                    + ", got " + h);
        }
        return (int) h;
    }

    /** A setting that must be at least 0 (a standard deviation, a cost weight). */
    double nonNegative(String key) {
        double v = get(key);
        if (!(v >= 0) || Double.isInfinite(v)) throw new CheckError(span(key), key + " must be at least 0, got " + v);
        return v;
    }
}
