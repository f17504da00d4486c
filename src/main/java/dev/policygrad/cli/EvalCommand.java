package dev.policygrad.cli;

import dev.policygrad.inspect.ActionsAtState;
import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad eval FILE... --state [..] [--action NAME]}: pi(a | s) and log pi(a | s), for the
 * action given or for every discrete action.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Print pi(a | s) and log pi(a | s) at a point (every action when --action is left out).")
final class EvalCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    PointOptions point;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    DigitsOption digits;

    @Option(names = "--json", description = "Print {\"pi\": x, \"log_pi\": y}; without --action, "
            + "{\"actions\": {\"right\": {\"pi\": x, \"log_pi\": y}, ...}}.")
    boolean json;

    @Override
    protected DigitsOption digitsOption() {
        return digits;
    }

    @Override
    protected int execute() {
        PolicyAtPoint at = PolicyAtPoint.load(load(inputs), point, parameters, false);
        ActionsAtState actions = at.actions();
        if (json) {
            if (point.action != null) {
                out().println(Json.write(entry(actions, 0)));
            } else {
                Map<String, Object> all = new LinkedHashMap<>();
                for (int i = 0; i < actions.labels().size(); i++) all.put(actions.labels().get(i), entry(actions, i));
                out().println(Json.write(Map.of("actions", all)));
            }
            return 0;
        }
        if (point.action != null) {
            String pi = at.pi(point, actions.labels().get(0));
            out().println(pi + " = " + Text.exp(actions.logPi()[0]));
            out().println("log " + pi + " = " + Text.number(actions.logPi()[0]));
            return 0;
        }
        String[][] rows = new String[actions.labels().size() + 1][];
        rows[0] = new String[] {"action", "pi", "log pi"};
        for (int i = 0; i < actions.labels().size(); i++) {
            rows[i + 1] = new String[] {actions.labels().get(i), Text.exp(actions.logPi()[i]),
                Text.number(actions.logPi()[i])};
        }
        out().println(at.pi(point, "a") + " for every action:");
        out().print(Columns.render(rows));
        return 0;
    }

    private static Map<String, Object> entry(ActionsAtState actions, int i) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("pi", Json.exp(actions.logPi()[i]));
        entry.put("log_pi", actions.logPi()[i]);
        return entry;
    }
}
