package dev.policygrad.cli;

import me.tongfei.progressbar.ProgressBar;
import dev.policygrad.render.Json;
import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.policy.ScoreCheck;
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
        if (points < 1 || points > ScoreCheck.MAX_POINTS) {
            throw new dev.policygrad.diag.UsageError("--points must be between 1 and " + ScoreCheck.MAX_POINTS
                    + ", got " + points);
        }
        GradCheckReport report;
        try (ProgressBar bar = points >= 50 ? Progress.bar("check", points, "points") : null) {
            report = parameters.apply(load(inputs)).check(points, bar == null ? null : bar::stepTo);
        }
        out().print(json ? Json.write(report.json()) + "\n" : report.text());
        return report.passed() ? 0 : Main.CHECK_FAILED;
    }
}
