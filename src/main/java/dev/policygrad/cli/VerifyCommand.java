package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.render.Json;
import dev.policygrad.verify.Reports;
import dev.policygrad.verify.Verdict;
import dev.policygrad.verify.VerificationReport;
import dev.policygrad.verify.VerificationSettings;
import dev.policygrad.verify.Verifier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad verify FILE... [--estimator E] [--baseline B] [--episodes N] [--exact] ...}:
 * checks a REINFORCE estimator against the gradient of J ({@link Verifier} decides how). Exit code
 * 1 when the verdict is inconsistent.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a REINFORCE gradient estimator against the gradient of J.")
final class VerifyCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "10000",
            description = "Episodes to sample; with --exact, to fit the baseline (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--exact", description = "Compute the estimator's expectation exactly over every trajectory (finite MDP with a horizon).")
    boolean exact;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.001",
            description = "Level of the T^2 test (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    protected int execute() {
        if (episodes < 2) throw new UsageError("--episodes must be at least 2, got " + episodes);
        if (!(alpha > 0 && alpha < 1)) throw new UsageError("--alpha must be in (0, 1), got " + alpha);
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        VerificationSettings settings = new VerificationSettings(estimatorOptions.estimator(), episodes, parameters.seed,
                estimatorOptions.threads(), exact, alpha);
        VerificationReport report;
        try (ProgressBar bar = progressBar(Verifier.episodesToPlay(settings))) {
            report = workspace.verify(settings, bar == null ? null : done -> bar.stepTo(done));
        }
        for (String warning : report.warnings()) err().println("warning: " + warning);
        out().print(json ? Json.write(Reports.json(report)) + "\n" : Reports.text(report));
        return report.verdict() == Verdict.CONSISTENT ? 0
                : report.verdict() == Verdict.UNDECIDED ? Main.UNDECIDED : Main.CHECK_FAILED;
    }

    /** A progress bar on an interactive terminal for runs of many episodes, else null. */
    private ProgressBar progressBar(long total) {
        if (json || System.console() == null || total < 20_000) return null;
        return new ProgressBarBuilder().setTaskName("verify").setInitialMax(total).setUnit(" episodes", 1)
                .continuousUpdate().build();
    }
}
