package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.ExactExpectation;
import dev.policygrad.estimate.StepBaseline;
import dev.policygrad.exact.ObjectiveResult;
import dev.policygrad.exact.Objectives;
import dev.policygrad.policy.Policy;
import dev.policygrad.verify.Reference;
import dev.policygrad.verify.Reports;
import dev.policygrad.verify.VarianceReduction;
import dev.policygrad.verify.Verdict;
import dev.policygrad.verify.Verification;
import dev.policygrad.verify.VerificationReport;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad verify FILE... [--estimator E] [--baseline B] [--episodes N] [--exact] ...}:
 * checks a REINFORCE estimator against the gradient of J (exact where possible). Sampled: the T^2
 * test of the per-episode estimates; {@code --exact}: the estimator's expectation over every
 * trajectory of a finite MDP with a horizon. Exit code 1 when the verdict is inconsistent.
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
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        Environment environment = environmentOption.build(program);
        double[] theta = parameters.theta(policy.parameters());
        Estimator chosen = estimatorOptions.estimator();
        Batch batch = new Batch(episodes, parameters.seed,
                estimatorOptions.threads());
        VerificationReport report = exact
                ? exact(chosen, policy, environment, theta, batch)
                : sampled(chosen, policy, environment, theta, batch);
        if (json) out().println(Json.write(Reports.json(report)));
        else out().print(Reports.text(report));
        return report.verdict() == Verdict.CONSISTENT ? 0
                : report.verdict() == Verdict.UNDECIDED ? Main.UNDECIDED : Main.CHECK_FAILED;
    }

    private VerificationReport exact(Estimator chosen, Policy policy, Environment environment, double[] theta,
            Batch batch) {
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("--exact enumerates every trajectory, so it needs an 'mdp' block with a horizon; "
                    + environment.name() + " is not a finite MDP");
        }
        boolean fitted = chosen.baseline() != BaselineKind.NONE;
        StepBaseline baseline = fitted ? chosen.frozenBaseline(policy, mdp, theta, batch) : StepBaseline.ZERO;
        ExactExpectation expectation = ExactExpectation.over(mdp, chosen, baseline, policy, theta);
        return Verification.exact(chosen, expectation, reference(policy, environment, theta, batch),
                policy.parameterNames(), fitted ? batch.episodes() : 0);
    }

    private VerificationReport sampled(Estimator chosen, Policy policy, Environment environment, double[] theta,
            Batch batch) {
        boolean compare = chosen.baseline() != BaselineKind.NONE;
        int total = batch.episodes() * (chosen.passes() + (compare ? 1 : 0));
        try (ProgressBar bar = progressBar(total)) {
            Estimate estimate = chosen.estimate(policy, environment, theta, batch, progress(bar, 0));
            VerificationReport report = Verification.sampled(estimate, reference(policy, environment, theta, batch),
                    alpha);
            if (compare) {
                Estimate plain = Estimator.of(chosen.kind()).estimate(policy, environment, theta, batch,
                        progress(bar, batch.episodes() * chosen.passes()));
                report = report.withVarianceReduction(new VarianceReduction(chosen.baseline().label(),
                        plain.totalVariance(), estimate.totalVariance()));
            }
            if (estimate.cutAtCap() > 0) {
                err().println("warning: " + estimate.cutAtCap() + " episode(s) were cut at the " + environment.horizon()
                        + "-step cap without finishing; their estimates miss the rest of the episode");
            }
            return report;
        }
    }

    /**
     * The gradient of J to compare with: exact where possible; otherwise a Monte Carlo estimate from
     * episodes independent of the estimator's (seed ~S), whose standard error the test then includes.
     */
    private static Reference reference(Policy policy, Environment environment, double[] theta, Batch batch) {
        ObjectiveResult result = Objectives.evaluate(environment, policy, theta, batch.episodes(), ~batch.seed());
        return new Reference(result.method(), result.gradient(), result.gradientError(), result.note(),
                result.gradientBias());
    }

    /** A progress bar on an interactive terminal for runs of many episodes, else null. */
    private ProgressBar progressBar(int total) {
        if (json || System.console() == null || total < 20_000) return null;
        return new ProgressBarBuilder().setTaskName("verify").setInitialMax(total).setUnit(" episodes", 1)
                .continuousUpdate().build();
    }

    private static IntConsumer progress(ProgressBar bar, int offset) {
        return bar == null ? null : done -> bar.stepTo(offset + (long) done);
    }
}
