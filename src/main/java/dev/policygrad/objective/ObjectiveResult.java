package dev.policygrad.objective;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objective J(theta) = E[G(tau)] at one theta, with its gradient, and how they were obtained.
 *
 * @param J             the expected discounted return
 * @param gradient      dJ / dtheta, in theta's layout
 * @param names         the flattened parameter names, in theta's order
 * @param method        how J and the gradient were computed (e.g. "exact: backward induction")
 * @param standardError the standard error of J, NaN when J is exact
 * @param note          caveats a reader of the numbers should know; empty when there are none
 * @param gradientError the largest standard error of a gradient component (0 when the gradient is exact)
 * @param gradientBias  why the gradient may be off by more than {@code gradientError} (a biased
 *                      estimate), empty when it is not; a verdict cannot rest on such a gradient
 * @param gradientErrors each gradient component's standard error, or null when only the largest
 *                      ({@code gradientError}) is known or the gradient is exact
 */
public record ObjectiveResult(double J, double[] gradient, List<String> names, String method, double standardError,
        String note, double gradientError, String gradientBias, double[] gradientErrors) {

    /** A result whose components' standard errors are bounded by {@code gradientError} alone. */
    public ObjectiveResult(double J, double[] gradient, List<String> names, String method, double standardError,
            String note, double gradientError, String gradientBias) {
        this(J, gradient, names, method, standardError, note, gradientError, gradientBias, null);
    }

    /** A result whose gradient is unbiased (exact, or sampled with the given standard error). */
    public ObjectiveResult(double J, double[] gradient, List<String> names, String method, double standardError,
            String note, double gradientError) {
        this(J, gradient, names, method, standardError, note, gradientError, "");
    }

    /** A result whose gradient is exact. */
    public ObjectiveResult(double J, double[] gradient, List<String> names, String method, double standardError,
            String note) {
        this(J, gradient, names, method, standardError, note, 0);
    }

    public ObjectiveResult {
        gradient = gradient.clone();
        gradientErrors = gradientErrors == null ? null : gradientErrors.clone();
        if (gradientErrors != null && gradientErrors.length != gradient.length) {
            throw new IllegalArgumentException(gradientErrors.length + " standard errors for " + gradient.length
                    + " gradient entries");
        }
        gradientBias = gradientBias == null ? "" : gradientBias;
        names = List.copyOf(names);
        if (gradient.length != names.size()) {
            throw new IllegalArgumentException(gradient.length + " gradient entries for " + names.size() + " names");
        }
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    public boolean exact() {
        return Double.isNaN(standardError);
    }

    /** As JSON: {@code {"J": x, "gradient": {...}, "method": "...", "standard_error": se, "note": "..."}}. */
    public Map<String, Object> json() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("J", J);
        report.put("gradient", Json.named(names, gradient));
        report.put("method", method);
        if (!exact()) report.put("standard_error", standardError);
        if (!note.isEmpty()) report.put("note", note);
        return report;
    }

    /** The lines {@code policygrad objective} prints. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append("J = ").append(Text.number(J))
                .append(exact() ? "" : " +- " + Text.number(standardError) + " (standard error)").append('\n');
        out.append("method: ").append(method).append('\n');
        out.append("dJ / dtheta:\n").append(Text.table(names, gradient));
        if (!note.isEmpty()) out.append("note: ").append(note).append('\n');
        return out.toString();
    }
}
