package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.objective.MonteCarloObjective;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import me.tongfei.progressbar.ProgressBar;
import dev.policygrad.render.Json;
import dev.policygrad.rollout.RolloutEngine;
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

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads for a Monte Carlo estimate (default: all cores); results do not depend on it.")
    Integer threads;

    @Option(names = "--json", description = "Print {\"J\": x, \"gradient\": {\"theta[0]\": g0, ...}, \"method\": \"...\"}.")
    boolean json;

    @Override
    protected int execute() {
        if (episodes < 2) throw new dev.policygrad.diag.UsageError("--episodes must be at least 2, got " + episodes);
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) throw new dev.policygrad.diag.UsageError("--threads must be at least 1, got " + threadCount);
        ObjectiveResult result;
        try (RolloutEngine engine = engineOptions.open(threadCount)) {
            result = workspace.objective(episodes, engine);
        }
        out().print(json ? Json.write(result.json()) + "\n" : result.toString());
        return 0;
    }
}
