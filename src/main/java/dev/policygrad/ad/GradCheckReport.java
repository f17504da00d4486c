package dev.policygrad.ad;

import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import dev.policygrad.ast.Span;
import java.util.List;

/**
 * The result of a {@link GradCheck}, as data: what each method gave at each point, where they
 * disagree, and per parameter the worst relative error. Renderings (text, JSON) are made from it.
 *
 * @param parameterNames flattened names, one per component of theta ({@code W[1][3]})
 * @param tolerances     the tolerances applied
 * @param points         per point, the outcome of every method
 * @param parameters     per parameter, the worst comparison over methods and points
 * @param disagreements  every disagreement found; empty when the check passed
 * @param skipped        methods not run, each with the reason
 */
public record GradCheckReport(List<String> parameterNames, Tolerances tolerances, List<PointResult> points,
        List<ParameterResult> parameters, List<Disagreement> disagreements, List<String> skipped) {

    public GradCheckReport {
        skipped = List.copyOf(skipped);
        parameterNames = List.copyOf(parameterNames);
        points = List.copyOf(points);
        parameters = List.copyOf(parameters);
        disagreements = List.copyOf(disagreements);
    }

    /** The verdict: every method agreed with reverse mode at every point. */
    public boolean passed() {
        return disagreements.isEmpty();
    }

    /** A way of computing the gradient. Reverse mode (the compiled tape) is the reference. */
    public enum Method {
        REVERSE("reverse mode"),
        FORWARD("forward mode"),
        FINITE_DIFFERENCES("finite differences"),
        SYMBOLIC("symbolic derivative");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Two numbers {@code a}, {@code b} agree when equal or when
     * {@code |a - b| <= max(absolute, relative * max(|a|, |b|))}; the reported relative error is
     * {@code |a - b| / max(|a|, |b|, absolute / relative)}, so agreement means it is at most
     * {@code relative}. Finite differences carry truncation and rounding error, hence their looser
     * tolerance; a symbolic derivative evaluates another expression, hence a little slack.
     */
    public record Tolerances(double forwardRelative, double forwardAbsolute, double finiteDifferenceRelative,
            double finiteDifferenceAbsolute, double symbolicRelative, double symbolicAbsolute) {

        public static final Tolerances DEFAULT = new Tolerances(1e-10, 1e-12, 1e-6, 1e-8, 1e-9, 1e-12);

        public double relative(Method method) {
            switch (method) {
                case FINITE_DIFFERENCES: return finiteDifferenceRelative;
                case SYMBOLIC: return symbolicRelative;
                default: return forwardRelative;
            }
        }

        public double absolute(Method method) {
            switch (method) {
                case FINITE_DIFFERENCES: return finiteDifferenceAbsolute;
                case SYMBOLIC: return symbolicAbsolute;
                default: return forwardAbsolute;
            }
        }
    }

    /**
     * What one method gave at one point: its value and gradient, or the evaluation error it raised
     * ({@code error} non-null, gradient null). {@code errorEstimate} is set for finite differences only.
     */
    public record Outcome(Method method, double value, double[] gradient, double[] errorEstimate, String error,
            Span errorSpan) {

        public boolean failed() {
            return error != null;
        }
    }

    /** One point (theta, state, action) and every method's outcome there. */
    public record PointResult(int index, GradCheck.Point point, List<Outcome> outcomes) {
        public PointResult {
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * A method that disagrees with reverse mode at a point: on one parameter ({@code parameter >= 0}),
     * on the value ({@code parameter == -1}), or by failing differently ({@code parameter == -1},
     * NaN numbers and a reason).
     */
    public record Disagreement(int point, Method method, int parameter, String parameterName, double reverse,
            double other, double relativeError, String reason) {}

    /** The worst comparison of one parameter's partial derivative over methods and points. */
    public record ParameterResult(int index, String name, double worstRelativeError, Method worstMethod,
            int worstPoint, boolean agreed) {}

    /** One line per disagreement, for test failures and logs. */
    public String summary() {
        if (passed()) return "all methods agree at " + points.size() + " point(s)";
        StringBuilder out = new StringBuilder(disagreements.size() + " disagreement(s):");
        for (Disagreement d : disagreements) {
            out.append("\n  point ").append(d.point()).append(", ").append(d.method().label());
            if (d.parameterName() != null) out.append(", ").append(d.parameterName());
            out.append(": ").append(d.reason());
        }
        return out.toString();
    }

    /** The table {@code policygrad check} prints. */
    public String text() {
        GradCheckReport report = this;
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-20s %-22s %s%n", "parameter", "worst relative error", "method"));
        for (ParameterResult p : report.parameters()) {
            out.append(String.format("%-20s %-22.3e %s%s%n", p.name(), p.worstRelativeError(),
                    p.worstMethod() == null ? "-" : p.worstMethod().label(), p.agreed() ? "" : "   DISAGREES"));
        }
        for (String skipped : report.skipped()) out.append("skipped ").append(skipped).append('\n');
        int methods = report.points().isEmpty() ? 0 : report.points().get(0).outcomes().size();
        out.append(report.passed()
                ? "all " + methods + " methods agree at " + report.points().size() + " point(s)\n"
                : report.summary() + "\n");
        return out.toString();
    }

    /** As JSON: pass/fail, per-parameter worst errors, disagreements, skipped methods. */
    public Map<String, Object> json() {
        GradCheckReport report = this;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", report.passed());
        json.put("points", report.points().size());
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (ParameterResult p : report.parameters()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.name());
            row.put("worst_relative_error", p.worstRelativeError());
            row.put("method", p.worstMethod() == null ? null : p.worstMethod().label());
            row.put("agreed", p.agreed());
            parameters.add(row);
        }
        json.put("parameters", parameters);
        List<Map<String, Object>> disagreements = new ArrayList<>();
        for (Disagreement d : report.disagreements()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("point", d.point());
            row.put("method", d.method().label());
            row.put("parameter", d.parameterName());
            row.put("reverse", d.reverse());
            row.put("other", d.other());
            row.put("reason", d.reason());
            disagreements.add(row);
        }
        json.put("disagreements", disagreements);
        json.put("skipped", report.skipped());
        return json;
    }
}
