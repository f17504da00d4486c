package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code policygrad eval FILE... --state [..] --action NAME}: pi(a | s) and log pi(a | s). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Print pi(a | s) and log pi(a | s) at a point.")
final class EvalCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    PointOptions point;

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--json", description = "Print {\"pi\": x, \"log_pi\": y}.")
    boolean json;

    @Override
    protected int execute() {
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        double[] theta = parameters.theta(policy.parameters());
        double[] state = point.state(program);
        double action = point.action(policy.actions());
        Evaluator evaluator = policy.newEvaluator();
        double logPi = evaluator.logPi(theta, state, action);
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("pi", Math.exp(logPi));
            report.put("log_pi", logPi);
            out().println(Json.write(report));
        } else {
            String at = policy.name() + "(" + point.action + (program.state() == null ? "" : " | " + program.state().name()) + ")";
            out().println(at + " = " + Text.number(Math.exp(logPi)));
            out().println("log " + at + " = " + Text.number(logPi));
        }
        return 0;
    }
}
