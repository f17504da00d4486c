package dev.policygrad.cli;

import dev.policygrad.inspect.ActionsAtState;
import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import dev.policygrad.policy.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad score FILE... --state [..] [--action NAME]}: log pi(a | s) and the score
 * d log pi(a | s) / d theta by reverse mode, for the action given or every discrete action.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print log pi(a | s) and its gradient d log pi / d theta (reverse mode); every action when "
                + "--action is left out.")
final class ScoreCommand extends BaseCommand {

    /** Parameters listed in full up to this many; past it the list is summarised unless --all. */
    static final int SHOWN_PARAMETERS = 24;

    @Mixin
    Inputs inputs;

    @Mixin
    PointOptions point;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    DigitsOption digits;

    @Option(names = "--all", description = "List every parameter, however many.")
    boolean all;

    @Option(names = "--json", description = "Print {\"pi\": x, \"log_pi\": y, \"gradient\": {\"theta[0]\": g0, ...}}; "
            + "without --action, one such object per action under \"actions\".")
    boolean json;

    @Override
    protected DigitsOption digitsOption() {
        return digits;
    }

    @Override
    protected int execute() {
        PolicyAtPoint at = PolicyAtPoint.load(load(inputs), point, parameters, true);
        Policy policy = at.workspace().policy();
        ActionsAtState actions = at.actions();
        List<String> names = policy.parameterNames();
        if (json) {
            if (point.action != null) {
                out().println(Json.write(entry(actions, 0, names)));
            } else {
                Map<String, Object> every = new LinkedHashMap<>();
                for (int i = 0; i < actions.labels().size(); i++) every.put(actions.labels().get(i), entry(actions, i, names));
                out().println(Json.write(Map.of("actions", every)));
            }
            return 0;
        }
        for (int i = 0; i < actions.labels().size(); i++) {
            double logPi = actions.logPi()[i];
            String pi = at.pi(point, actions.labels().get(i));
            if (i > 0) out().println();
            out().println("log " + pi + " = " + Text.number(logPi) + "   (" + pi + " = " + Text.exp(logPi) + ")");
            out().println("d log pi / d theta:");
            out().print(all ? Text.table(names, actions.scores()[i])
                    : Text.summarizedTable(names, actions.scores()[i], SHOWN_PARAMETERS));
        }
        return 0;
    }

    private static Map<String, Object> entry(ActionsAtState actions, int i, List<String> names) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("pi", Json.exp(actions.logPi()[i]));
        report.put("log_pi", actions.logPi()[i]);
        report.put("gradient", Json.named(names, actions.scores()[i]));
        return report;
    }
}
