package dev.policygrad.cli;

import dev.policygrad.policy.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad score FILE... --state [..] --action NAME}: log pi(a | s) and the score
 * d log pi(a | s) / d theta by reverse mode.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print log pi(a | s) and its gradient d log pi / d theta (reverse mode).")
final class ScoreCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    PointOptions point;

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--json", description = "Print {\"pi\": x, \"log_pi\": y, \"gradient\": {\"theta[0]\": g0, ...}}.")
    boolean json;

    @Override
    protected int execute() {
        PolicyAtPoint at = PolicyAtPoint.load(inputs, point, parameters, sources);
        Policy policy = at.policy();
        double[] gradient = new double[at.theta().length];
        dev.policygrad.policy.Evaluator evaluator = policy.newEvaluator();
        double logPi = evaluator.score(at.theta(), at.state(), at.action(), gradient);
        dev.policygrad.policy.NonFinite.requireFiniteValue(evaluator.tape(), logPi);
        dev.policygrad.policy.NonFinite.requireFiniteGradient(evaluator.tape(), gradient, policy.parameterNames());
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("pi", Math.exp(logPi));
            report.put("log_pi", logPi);
            report.put("gradient", Json.named(policy.parameterNames(), gradient));
            out().println(Json.write(report));
        } else {
            out().println("log pi = " + Text.number(logPi) + "   (pi = " + Text.number(Math.exp(logPi)) + ")");
            out().println("d log pi / d theta:");
            out().print(Text.table(policy.parameterNames(), gradient));
        }
        return 0;
    }
}
