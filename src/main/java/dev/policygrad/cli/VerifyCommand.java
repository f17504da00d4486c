package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EstimateFile;
import dev.policygrad.estimate.EstimatorChoice;
import dev.policygrad.render.Json;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.verify.EstimatorReport;
import dev.policygrad.verify.EstimatorReports;
import dev.policygrad.verify.EstimatorVerifier;
import dev.policygrad.verify.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad verify FILE... [--estimator E] [--baseline B] [--episodes N] [--exact] ...}:
 * checks a REINFORCE estimator against the gradient of J ({@link EstimatorVerifier} runs the tests
 * against the gradient {@link dev.policygrad.verify.References} gives). Exit code 1 when the verdict is
 * inconsistent.
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

    @Option(names = "--reference-se", paramLabel = "X",
            description = "Without an exact J: the standard error each component of the reference gradient "
                    + "must reach (default: half the estimate's smallest, within --episodes per side).")
    Double referenceError;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--reference", paramLabel = "E",
            description = "The proven estimator the paired test subtracts on the same episodes: total-return or "
                    + "reward-to-go (the default; total-return for reward-to-go itself).")
    String referenceEstimator;

    @Option(names = "--estimates", paramLabel = "FILE",
            description = "Per-episode estimates computed elsewhere: CSV with a header of parameter names, or JSON lines.")
    Path estimates;

    @Option(names = "--episodes-from", paramLabel = "FILE",
            description = "The episodes (from 'policygrad sample') the --estimates rows belong to.")
    Path episodesFrom;

    @Override
    protected int execute() {
        if (episodes < 2) throw new UsageError("--episodes must be at least 2, got " + episodes);
        if (!(alpha > 0 && alpha < 1)) throw new UsageError("--alpha must be in (0, 1), got " + alpha);
        EstimatorChoice choice = estimatorOptions.choice(spec.commandLine().getParseResult());
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        Batch batch = new Batch(episodes, parameters.seed, estimatorOptions.threads());
        if (referenceError != null && !(referenceError > 0)) {
            throw new UsageError("--reference-se must be positive, got " + referenceError);
        }
        EstimatorReport report;
        try (RolloutEngine engine = engineOptions.open(estimatorOptions.threads())) {
            EstimatorVerifier verifier = workspace.estimators().onEngine(engine, workspace.rolloutTask(), referenceError);
            if (estimates != null) {
                if (choice.batchBaseline()) {
                    // fitted on the batch's other episodes: no function of one episode to compare a row with
                    throw new UsageError("--baseline " + choice.baseline() + " is fitted on a whole batch, so no row "
                            + "of --estimates can be checked against it; name the estimator the rows implement, with "
                            + "its baseline written into an 'estimator' formula if it has one");
                }
                if (engineOptions.engine.equals("spark")) {
                    err().println("warning: --estimates rows are read from " + estimates + " on this machine and paired "
                            + "here, on the driver; --engine spark plays only a sampled reference's episodes");
                }
                sources.addFile(estimates.toString(), estimates);
                if (episodesFrom != null) sources.addFile(episodesFrom.toString(), episodesFrom);
                try (EstimateFile rows = EstimateFile.open(estimates, workspace.parameterNames());
                        EpisodeFile.Episodes episodeList = episodesFrom == null ? null
                                : workspace.episodeFile().open(episodesFrom)) {
                    report = verifier.external(estimates.getFileName().toString(), rows, episodeList, choice,
                            referenceEstimator, exact, alpha, batch);
                }
            } else if (episodesFrom != null) {
                throw new UsageError("--episodes-from names the episodes of --estimates FILE; give the estimates too");
            } else if (exact) {
                report = verifier.exact(choice, batch);
            } else {
                int passes = choice.passes();
                try (DelayedBar bar = new DelayedBar("verify", (long) passes * episodes, "episodes")) {
                    report = verifier.sampled(choice, referenceEstimator, batch, alpha, bar::stepTo);
                }
            }
        }
        for (String warning : report.base().warnings()) err().println("warning: " + warning);
        if (json) out().println(Json.write(EstimatorReports.json(report)));
        else out().print(EstimatorReports.text(report));
        return report.verdict() == Verdict.CONSISTENT ? 0
                : report.verdict() == Verdict.UNDECIDED ? Main.UNDECIDED : Main.CHECK_FAILED;
    }
}
