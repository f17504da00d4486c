package dev.policygrad.cli;

import dev.policygrad.ad.GradCheck;
import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.policy.GradientCheck;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad check FILE... [--points N] [--seed S]}: the four-way gradient check of log pi —
 * reverse mode, the evaluated symbolic derivative, forward mode (Commons Math) and finite
 * differences — at random points. Exit code 1 when any method disagrees beyond tolerance.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check d log pi / d theta four ways (reverse, symbolic, forward mode, finite differences).")
final class CheckCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--points", paramLabel = "N", defaultValue = "10", description = "Random points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    protected int execute() {
        if (points < 1 || points > GradientCheck.MAX_POINTS) {
            throw new dev.policygrad.diag.UsageError("--points must be between 1 and " + GradientCheck.MAX_POINTS
                    + ", got " + points);
        }
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        double[] theta = parameters.theta(policy.parameters());
        GradCheckReport report = GradientCheck.run(policy, theta, points, parameters.seed);
        if (json) {
            out().println(Json.write(toJson(report)));
        } else {
            out().print(text(report));
        }
        return report.passed() ? 0 : Main.CHECK_FAILED;
    }

    static String text(GradCheckReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-20s %-22s %s%n", "parameter", "worst relative error", "method"));
        for (GradCheckReport.ParameterResult p : report.parameters()) {
            out.append(String.format("%-20s %-22.3e %s%s%n", p.name(), p.worstRelativeError(),
                    p.worstMethod() == null ? "-" : p.worstMethod().label(), p.agreed() ? "" : "   DISAGREES"));
        }
        for (String skipped : report.skipped()) out.append("skipped ").append(skipped).append('\n');
        int methods = report.points().isEmpty() ? 0 : report.points().get(0).outcomes().size();
        if (report.notEvaluated() > 0 && report.evaluated() > 0) {
            out.append(report.notEvaluated()).append(" point(s) drawn outside the policy's domain were not counted"
                    + " (every method failed alike there)\n");
        }
        if (report.evaluated() > 0 && report.evaluated() < report.wanted()) {
            out.append("only ").append(report.evaluated()).append(" of the ").append(report.wanted())
                    .append(" point(s) asked for could be evaluated in ").append(report.points().size())
                    .append(" draws\n");
        }
        out.append(report.passed()
                ? "all " + methods + " methods agree at " + report.evaluated() + " evaluated point(s)\n"
                : report.summary() + "\n");
        return out.toString();
    }

    static Map<String, Object> toJson(GradCheckReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", report.passed());
        json.put("points", report.evaluated());
        json.put("points_not_evaluated", report.notEvaluated());
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (GradCheckReport.ParameterResult p : report.parameters()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.name());
            row.put("worst_relative_error", p.worstRelativeError());
            row.put("method", p.worstMethod() == null ? null : p.worstMethod().label());
            row.put("agreed", p.agreed());
            parameters.add(row);
        }
        json.put("parameters", parameters);
        List<Map<String, Object>> disagreements = new ArrayList<>();
        for (GradCheckReport.Disagreement d : report.disagreements()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("point", d.point());
            GradCheck.Point at = report.point(d.point());
            row.put("theta", at.theta());
            row.put("state", at.state());
            row.put("action", at.action());
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
