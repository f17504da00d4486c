package dev.policygrad.cli;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import dev.policygrad.policy.Score;
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
        PolicyAtPoint at = PolicyAtPoint.load(load(inputs), point, parameters);
        Score score = at.workspace().score(at.state(), at.action());
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("pi", Math.exp(score.logPi()));
            report.put("log_pi", score.logPi());
            report.put("gradient", Json.named(score.names(), score.gradient()));
            out().println(Json.write(report));
        } else {
            out().print(score);
        }
        return 0;
    }
}
