package dev.policygrad.cli;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.files.OutputFiles;
import dev.policygrad.inspect.Charts;
import dev.policygrad.inspect.PolicyHeatMap;
import dev.policygrad.inspect.StateTable;
import dev.policygrad.policy.Policy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad table FILE... [--plot F.png]}: a policy on a finite MDP, state by state: pi(a | s),
 * the state value and the greedy action; optionally as a heat map. A thin layer over {@link StateTable}.
 */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "For a finite MDP: pi(a | s) for every state and action, the state values V(s) under the current "
                + "parameters, and the greedy action; --plot draws pi as a heat map.")
final class TableCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EnvironmentOption environmentOption;

    @Mixin
    DigitsOption digits;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Also draw pi(a | s) as a heat map, .png or .svg, in an existing directory.")
    Path plot;

    @Option(names = "--json", description = "Print {\"states\": {\"S1\": {\"pi\": {...}, \"value\": v, \"greedy\": a}, ...}, \"J\": j}.")
    boolean json;

    @Override
    protected DigitsOption digitsOption() {
        return digits;
    }

    @Override
    protected int execute() throws Exception {
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        Policy policy = workspace.policy();
        Environment environment = workspace.task();
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("table needs a finite MDP (an mdp block); '" + environment.name() + "' is not one. "
                    + "Use 'simulate' to watch the policy act there");
        }
        if (plot != null) OutputFiles.requireWritableInExistingDirectory("--plot", plot);
        StateTable table = StateTable.of(mdp, policy, workspace.theta());
        if (plot != null) {
            byte[] bytes = Charts.encode(PolicyHeatMap.chart(table, "pi(a | s) on " + mdp.name()), plot.toString(), "--plot");
            AtomicWrite.write(plot, bytes);
        }
        if (json) {
            Map<String, Object> states = new LinkedHashMap<>();
            for (int s = 0; s < table.states().size(); s++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("pi", Json.namedExp(table.actions(), table.logProbabilities()[s]));
                row.put("value", Double.isNaN(table.values()[s]) ? null : table.values()[s]);
                row.put("greedy", table.actions().get(table.greedy()[s]));
                states.put(table.states().get(s), row);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("states", states);
            report.put("J", table.objective());
            double optimum = dev.policygrad.inspect.StateValues.optimum(mdp);
            if (!Double.isNaN(optimum)) report.put("J_optimal", optimum);
            out().println(Json.write(report));
            return 0;
        }
        int actions = table.actions().size();
        String[][] rows = new String[table.states().size() + 1][actions + 3];
        rows[0][0] = "state";
        for (int a = 0; a < actions; a++) rows[0][a + 1] = "pi(" + table.actions().get(a) + ")";
        rows[0][actions + 1] = "V(s)";
        rows[0][actions + 2] = "greedy";
        for (int s = 0; s < table.states().size(); s++) {
            rows[s + 1][0] = table.states().get(s);
            for (int a = 0; a < actions; a++) rows[s + 1][a + 1] = Text.exp(table.logProbabilities()[s][a]);
            double v = table.values()[s];
            rows[s + 1][actions + 1] = Double.isNaN(v) ? "not finite" : Text.number(v);
            rows[s + 1][actions + 2] = table.actions().get(table.greedy()[s]);
        }
        out().println("policy " + policy.name() + " on " + mdp.name() + " (gamma " + Text.number(mdp.gamma())
                + (mdp.hasHorizon() ? ", horizon " + mdp.horizon() + ", values at t = 0" : "") + "):");
        out().print(Columns.render(rows));
        double optimum = dev.policygrad.inspect.StateValues.optimum(mdp);
        out().println("J = " + Text.number(table.objective())
                + (Double.isNaN(optimum) ? "" : "   (best of any policy: " + Text.number(optimum) + ", by value iteration)"));
        if (plot != null) out().println("heat map: " + plot);
        return 0;
    }
}
