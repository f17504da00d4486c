package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.objective.MonteCarloObjective;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import me.tongfei.progressbar.ProgressBar;
import dev.policygrad.render.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad objective FILE...}: J(theta) and dJ/dtheta in the program's environment, exact
 * where possible (finite MDPs, Gaussian-affine LQR), by Monte Carlo otherwise.
 */
@Command(name = "objective", mixinStandardHelpOptions = true,
        description = "Print J(theta) and its gradient: exact for finite MDPs and Gaussian-affine LQR, Monte Carlo otherwise.")
final class ObjectiveCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    DigitsOption digits;

    @Override
    protected DigitsOption digitsOption() {
        return digits;
    }

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "1000",
            description = "Episodes per Monte Carlo estimate (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--json", description = "Print {\"J\": x, \"gradient\": {\"theta[0]\": g0, ...}, \"method\": \"...\"}.")
    boolean json;

    @Override
    protected int execute() {
        if (episodes < 2) throw new dev.policygrad.diag.UsageError("--episodes must be at least 2, got " + episodes);
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        ObjectiveResult result;
        boolean sampled = !Objectives.exact(workspace.task(), workspace.policy());
        long total = MonteCarloObjective.episodesToPlay(workspace.parameterNames().size(), episodes);
        try (ProgressBar bar = sampled && total >= 2_000 ? Progress.bar("objective", total, "episodes") : null) {
            result = workspace.objective(episodes, bar == null ? null : bar::stepTo);
        }
        out().print(json ? Json.write(result.json()) + "\n" : result.toString());
        return 0;
    }
}
