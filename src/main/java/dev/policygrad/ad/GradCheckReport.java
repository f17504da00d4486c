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
 * @param wanted         how many evaluated points were asked for
 * @param unreliable     the partials where finite differences differed from reverse mode but could not
 *                       vouch for themselves (their estimates at steps h and h / 2 differ beyond the
 *                       tolerance), so they were not counted against it; there the verdict rests on the
 *                       other methods
 */
public record GradCheckReport(List<String> parameterNames, Tolerances tolerances, List<PointResult> points,
        List<ParameterResult> parameters, List<Disagreement> disagreements, List<String> skipped, int wanted,
        List<Unreliable> unreliable) {

    public GradCheckReport {
        skipped = List.copyOf(skipped);
        unreliable = List.copyOf(unreliable);
        parameterNames = List.copyOf(parameterNames);
        points = List.copyOf(points);
        parameters = List.copyOf(parameters);
        disagreements = List.copyOf(disagreements);
    }

    /**
     * The verdict: the policy has parameters, at least one point was evaluated, and there every method
     * agreed with reverse mode. Points where every method failed alike check nothing and earn no
     * agreement; neither does a policy without parameters, whose gradient is empty.
     */
    public boolean passed() {
        return disagreements.isEmpty() && evaluated() > 0 && !parameterNames.isEmpty();
    }

    /**
     * Why nothing was checked, when nothing was (no parameter, so no gradient; or no point some method
     * could evaluate): no disagreement, and no agreement either. Null when something was checked.
     */
    public String nothingChecked() {
        if (!disagreements.isEmpty()) return null;
        if (parameterNames.isEmpty()) return "nothing to check: the policy has no parameters, so d log pi / d theta is empty";
        if (evaluated() == 0) {
            return "nothing was checked: every method failed alike (or log pi was not finite) at each of the "
                    + points.size() + " point(s) drawn" + firstFailure();
        }
        return null;
    }

    /** How many points some method could evaluate (the points that checked something). */
    public int evaluated() {
        return (int) points.stream().filter(PointResult::evaluated).count();
    }

    /** How many points were drawn where every method failed alike, so nothing was checked. */
    public int notEvaluated() {
        return points.size() - evaluated();
    }

    /** The point with this index. */
    public GradCheck.Point point(int index) {
        return points.get(index).point();
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
            Span errorSpan, String operation) {

        public boolean failed() {
            return error != null;
        }
    }

    /**
     * One point (theta, state, action) and every method's outcome there; {@code evaluated} is false
     * when every method failed alike, so the point checked nothing.
     */
    public record PointResult(int index, GradCheck.Point point, List<Outcome> outcomes, boolean evaluated) {
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

    /**
     * A partial where finite differences gave {@code differences} at step {@code step} and
     * {@code halfStep} at half that step — too far apart to vouch for either — against reverse mode's
     * {@code reverse}; {@code others} are the methods that checked it instead (each agreed with reverse
     * mode unless it is among the disagreements).
     */
    public record Unreliable(int point, int parameter, String parameterName, double reverse, double differences,
            double step, double halfStep, List<Method> others, boolean othersAgree) {
        public Unreliable {
            others = List.copyOf(others);
        }

        /** One line: what finite differences gave, and what the verdict rests on here. */
        public String describe() {
            String rest = others.isEmpty() ? "no other method checks this partial here"
                    : (othersAgree ? "the other " + (others.size() + 1) + " methods agree ("
                            : "the other methods do not all agree (")
                            + Method.REVERSE.label() + ", " + String.join(", ",
                                    others.stream().map(Method::label).toList()) + ")";
            return "finite differences unreliable here: d/d" + parameterName + " = " + differences + " at step "
                    + step + " but " + halfStep + " at step " + step / 2 + " (reverse mode " + reverse + "); "
                    + rest;
        }
    }

    /** The worst comparison of one parameter's partial derivative over methods and points. */
    public record ParameterResult(int index, String name, double worstRelativeError, Method worstMethod,
            int worstPoint, boolean agreed) {}

    /** One line per disagreement, for test failures and logs. */
    public String summary() {
        if (passed()) return verdict();
        if (disagreements.isEmpty()) return nothingChecked();
        StringBuilder out = new StringBuilder(disagreements.size() + " disagreement(s):");
        int shown = -1;
        for (Disagreement d : disagreements) {
            if (d.point() != shown) {
                shown = d.point();
                out.append("\n  point ").append(d.point()).append(": ").append(describe(point(d.point())));
            }
            out.append("\n    ").append(d.method().label());
            if (d.parameterName() != null) out.append(", ").append(d.parameterName());
            out.append(": ").append(d.reason());
        }
        return out.toString();
    }

    /**
     * The agreement line, saying what it rests on: all methods at every point, or — where finite
     * differences were unreliable — the others there.
     */
    private String verdict() {
        int methods = points.isEmpty() ? 0 : points.get(0).outcomes().size();
        if (unreliable.isEmpty()) return "all " + methods + " methods agree at " + evaluated() + " evaluated point(s)";
        List<Method> rest = points.get(0).outcomes().stream().map(Outcome::method)
                .filter(m -> m != Method.FINITE_DIFFERENCES).toList();
        long at = unreliable.stream().mapToInt(Unreliable::point).distinct().count();
        String names = rest.size() == 1 ? rest.get(0).label()
                : String.join(", ", rest.subList(0, rest.size() - 1).stream().map(Method::label).toList())
                        + " and " + rest.get(rest.size() - 1).label();
        return (rest.size() == 1 ? names + " alone was checked" : names + " agree")
                + " at " + evaluated() + " evaluated point(s); finite differences were unreliable for "
                + unreliable.size() + " partial derivative(s) at " + at + " point(s), so there the verdict rests on "
                + (rest.size() == 1 ? "reverse mode alone (unchecked)" : "these " + rest.size() + " methods")
                + (evaluated() > at || unreliable.size() < at * parameterNames.size()
                        ? ", elsewhere on all " + methods + " methods" : "");
    }

    /** "theta = (...), s = (...), a = ...". */
    public static String describe(GradCheck.Point p) {
        StringBuilder out = new StringBuilder("theta = ").append(vector(p.theta()));
        if (p.state().length > 0) out.append(", s = ").append(vector(p.state()));
        if (p.actionValues().length > 1) return out.append(", a = ").append(vector(p.actionValues())).toString();
        return out.append(", a = ").append(p.action() == Math.rint(p.action()) ? String.valueOf((long) p.action())
                : String.valueOf(p.action())).toString();
    }

    private static String vector(double[] v) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i == 8 && v.length > 10) {
                out.append(", ... (").append(v.length).append(" values)");
                break;
            }
            out.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return out.append(')').toString();
    }

    private String firstFailure() {
        for (PointResult p : points) {
            Outcome reverse = p.outcomes().isEmpty() ? null : p.outcomes().get(0);
            if (!p.evaluated() && reverse != null && !reverse.failed()) {
                return "; e.g. at " + describe(p.point()) + ": log pi = " + reverse.value() + ", not finite";
            }
            for (Outcome o : p.outcomes()) {
                if (o.failed()) {
                    return "; e.g. at " + describe(p.point()) + ": "
                            + (o.errorSpan() == null || o.errorSpan() == Span.NONE ? "" : o.errorSpan().where() + ": ")
                            + o.error();
                }
            }
        }
        return "";
    }

    /** What {@code policygrad check} prints: {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }

    /** The table {@code policygrad check} prints. */
    public String text() {
        GradCheckReport report = this;
        StringBuilder out = new StringBuilder();
        if (parameterNames.isEmpty() && disagreements.isEmpty()) return nothingChecked() + "\n";
        out.append(String.format("%-20s %-22s %s%n", "parameter", "worst relative error", "method"));
        for (ParameterResult p : report.parameters()) {
            out.append(String.format("%-20s %-22.3e %s%s%n", p.name(), p.worstRelativeError(),
                    p.worstMethod() == null ? "-" : p.worstMethod().label(), p.agreed() ? "" : "   DISAGREES"));
        }
        for (String skipped : report.skipped()) out.append("skipped ").append(skipped).append('\n');
        int shown = -1;
        for (Unreliable u : report.unreliable()) {
            if (u.point() != shown) {
                shown = u.point();
                out.append("point ").append(u.point()).append(": ").append(describe(point(u.point()))).append('\n');
            }
            out.append("  ").append(u.describe()).append('\n');
        }
        if (report.notEvaluated() > 0 && report.evaluated() > 0) {
            out.append(report.notEvaluated()).append(" point(s) drawn outside the policy's domain were not counted"
                    + " (every method failed alike there, or log pi was not finite)\n");
        }
        if (report.evaluated() > 0 && report.evaluated() < report.wanted()) {
            out.append("only ").append(report.evaluated()).append(" of the ").append(report.wanted())
                    .append(" point(s) asked for could be evaluated in ").append(report.points().size())
                    .append(" draws\n");
        }
        out.append(report.summary()).append('\n');
        return out.toString();
    }

    /** As JSON: pass/fail, per-parameter worst errors, disagreements, skipped methods. */
    public Map<String, Object> json() {
        GradCheckReport report = this;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", report.passed());
        json.put("points", report.evaluated());
        json.put("points_not_evaluated", report.notEvaluated());
        if (report.nothingChecked() != null) json.put("nothing_checked", report.nothingChecked());
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
            GradCheck.Point at = report.point(d.point());
            row.put("theta", at.theta());
            row.put("state", at.state());
            row.put("action", at.actionValues().length > 1 ? at.actionValues() : (Object) at.action());
            row.put("method", d.method().label());
            row.put("parameter", d.parameterName());
            row.put("reverse", d.reverse());
            row.put("other", d.other());
            row.put("reason", d.reason());
            disagreements.add(row);
        }
        json.put("disagreements", disagreements);
        List<Map<String, Object>> unreliable = new ArrayList<>();
        for (Unreliable u : report.unreliable()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("point", u.point());
            row.put("theta", report.point(u.point()).theta());
            row.put("parameter", u.parameterName());
            row.put("reverse", u.reverse());
            row.put("finite_differences", u.differences());
            row.put("step", u.step());
            row.put("half_step_estimate", u.halfStep());
            row.put("rests_on", java.util.stream.Stream.concat(java.util.stream.Stream.of(Method.REVERSE),
                    u.others().stream()).map(Method::label).toList());
            row.put("reason", u.describe());
            unreliable.add(row);
        }
        json.put("finite_differences_unreliable", unreliable);
        json.put("skipped", report.skipped());
        return json;
    }
}
