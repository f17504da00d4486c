package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
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
        if (episodes < 2) throw new UsageError("--episodes must be at least 2, got " + episodes);
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        Environment environment = environmentOption.build(program);
        double[] theta = parameters.theta(policy.parameters());
        ObjectiveResult result = Objectives.evaluate(environment, policy, theta, episodes, parameters.seed);
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("J", result.J());
            report.put("gradient", Json.named(result.names(), result.gradient()));
            report.put("method", result.method());
            if (!result.exact()) report.put("standard_error", result.standardError());
            if (!result.note().isEmpty()) report.put("note", result.note());
            out().println(Json.write(report));
        } else {
            out().println("J = " + Text.number(result.J())
                    + (result.exact() ? "" : " +- " + Text.number(result.standardError()) + " (standard error)"));
            out().println("method: " + result.method());
            out().println("dJ / dtheta:");
            out().print(Text.table(result.names(), result.gradient()));
            if (!result.note().isEmpty()) out().println("note: " + result.note());
        }
        return 0;
    }
}
