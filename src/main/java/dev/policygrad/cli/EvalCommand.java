package dev.policygrad.cli;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
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
        PolicyAtPoint at = PolicyAtPoint.load(load(inputs), point, parameters);
        double logPi = at.workspace().logPi(at.state(), at.action());
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("pi", Math.exp(logPi));
            report.put("log_pi", logPi);
            out().println(Json.write(report));
        } else {
            String pi = at.workspace().policy().name() + "(" + point.action
                    + (at.workspace().program().state() == null ? "" : " | " + at.workspace().program().state().name()) + ")";
            out().println(pi + " = " + Text.number(Math.exp(logPi)));
            out().println("log " + pi + " = " + Text.number(logPi));
        }
        return 0;
    }
}
