package dev.policygrad.cli;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.inspect.Simulation;
import dev.policygrad.objective.Objectives;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad simulate FILE... [--episodes N] [--seed S] [--json]}: episodes of the policy,
 * step by step, and a summary. A thin layer over {@link Simulation}.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Play episodes of the policy and print them step by step (state, action probabilities, action, "
                + "reward, return so far), then the mean return with its standard error and the episode lengths.")
final class SimulateCommand extends BaseCommand {

    /** Steps printed per episode in text; the rest are counted. */
    static final int SHOWN_STEPS = 50;

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EnvironmentOption environmentOption;

    @Mixin
    DigitsOption digits;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "3", description = "Episodes to play (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--summary", description = "Print only the summary, not the steps.")
    boolean summaryOnly;

    @Option(names = "--json", description = "Print {\"episodes\": [{\"steps\": [...], ...}], \"summary\": {...}}.")
    boolean json;

    @Override
    protected DigitsOption digitsOption() {
        return digits;
    }

    @Override
    protected int execute() {
        if (episodes < 1 || episodes > 1_000_000) throw new UsageError("--episodes must lie in 1..1000000, got " + episodes);
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        Policy policy = workspace.policy();
        Environment environment = workspace.task();
        double[] theta = workspace.theta();
        List<Simulation.Episode> played = Simulation.run(environment, policy, theta, episodes, parameters.seed);
        Simulation.Summary summary = Simulation.summarize(played);
        if (!Double.isFinite(summary.meanReturn()) || (episodes > 1 && !Double.isFinite(summary.standardError()))) {
            throw Objectives.overflowed("the mean return of " + episodes + " episodes is " + summary.meanReturn()
                    + " +- " + summary.standardError() + " on the task '" + environment.name() + "'", policy);
        }
        if (json) {
            List<Object> list = new ArrayList<>();
            for (Simulation.Episode e : played) list.add(json(e, policy));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("environment", environment.name());
            report.put("seed", parameters.seed);
            report.put("episodes", list);
            report.put("summary", json(summary));
            out().println(Json.write(report));
            return 0;
        }
        if (!summaryOnly) {
            for (Simulation.Episode e : played) print(e, policy);
        }
        out().println(episodes + " episode" + (episodes == 1 ? "" : "s") + " in " + environment.name() + " (seed "
                + parameters.seed + ", gamma " + Text.number(environment.gamma()) + "): mean return "
                + Text.number(summary.meanReturn())
                + (episodes > 1 ? " +- " + Text.number(summary.standardError()) + " (standard error)" : ""));
        out().println("length: mean " + Text.number(summary.meanLength()) + ", shortest " + summary.shortest()
                + ", longest " + summary.longest() + "; " + summary.terminated() + " ended in a terminal state, "
                + (episodes - summary.terminated()) + " at the horizon");
        return 0;
    }

    private void print(Simulation.Episode e, Policy policy) {
        out().println("episode " + e.index() + ":");
        List<String> labels = policy.actions().labels();
        boolean discrete = policy.actions().isDiscrete();
        int shown = Math.min(e.steps().size(), SHOWN_STEPS);
        String[][] rows = new String[shown + 1][];
        rows[0] = new String[] {"t", "state", discrete ? "pi(" + String.join(", ", labels) + ")" : distributionHeader(policy),
            "action", "reward", "return"};
        for (int i = 0; i < shown; i++) {
            Simulation.Step s = e.steps().get(i);
            rows[i + 1] = new String[] {Integer.toString(s.t()), s.state() != null ? s.state() : vector(s.observation()),
                discrete ? exponentials(s.logProbabilities()) : parameters(s.distribution()),
                discrete ? s.action() : vector(s.actionValues()), Text.number(s.reward()), Text.number(s.returnSoFar())};
        }
        out().print(Columns.render(rows));
        if (e.steps().size() > shown) out().println("  ... " + (e.steps().size() - shown) + " more steps");
        out().println("  " + (e.terminated() ? "ended in a terminal state" : "stopped at the horizon") + " after "
                + e.steps().size() + " steps, return " + Text.number(e.discountedReturn()));
    }

    /** {@code tanh_normal(mean, std)}: the distribution's name with its parameters, as the column's header. */
    private static String distributionHeader(Policy policy) {
        var d = policy.spec().distribution();
        return d == null ? "distribution" : d.name() + "(mean, std)";
    }

    /** The distribution's parameters: {@code [mean, std]} for a scalar action, {@code [m0, m1], [s0, s1]} for a vector. */
    private static String parameters(double[][] values) {
        if (values == null) return "-";
        boolean scalars = true;
        for (double[] v : values) scalars &= v.length == 1;
        if (scalars) {
            double[] flat = new double[values.length];
            for (int k = 0; k < values.length; k++) flat[k] = values[k][0];
            return vector(flat);
        }
        List<String> parts = new ArrayList<>();
        for (double[] v : values) parts.add(v.length == 1 ? Text.number(v[0]) : vector(v));
        return String.join(", ", parts);
    }

    /** pi(a | s) for every action, {@code [0.25, 0.75]}, each written from its log pi ({@link Text#exp}). */
    private static String exponentials(double[] logValues) {
        List<String> parts = new ArrayList<>();
        for (double x : logValues) parts.add(Text.exp(x));
        return logValues.length == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
    }

    private static String vector(double[] values) {
        if (values == null) return "-";
        List<String> parts = new ArrayList<>();
        for (double v : values) parts.add(Text.number(v));
        return values.length == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
    }

    private static Map<String, Object> json(Simulation.Episode e, Policy policy) {
        List<Object> steps = new ArrayList<>();
        for (Simulation.Step s : e.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("t", s.t());
            if (s.state() != null) step.put("state", s.state());
            step.put("observation", s.observation());
            if (s.probabilities() != null) step.put("pi", Json.namedExp(policy.actions().labels(), s.logProbabilities()));
            if (s.distribution() != null) step.put("distribution", distributionJson(s.distribution()));
            step.put("action", policy.actions().isDiscrete() ? s.action()
                    : policy.actions().isVector() ? s.actionValues() : (Object) s.actionValue());
            step.put("reward", s.reward());
            step.put("return", s.returnSoFar());
            steps.add(step);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", e.index());
        out.put("steps", steps);
        out.put("terminated", e.terminated());
        out.put("return", e.discountedReturn());
        return out;
    }

    /** {@code [mean, std]} for a scalar action (as before vector actions), {@code [[m0, m1], [s0, s1]]} otherwise. */
    private static Object distributionJson(double[][] values) {
        boolean scalars = true;
        for (double[] v : values) scalars &= v.length == 1;
        if (!scalars) return values;
        double[] flat = new double[values.length];
        for (int k = 0; k < values.length; k++) flat[k] = values[k][0];
        return flat;
    }

    private static Map<String, Object> json(Simulation.Summary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("episodes", s.episodes());
        out.put("mean_return", s.meanReturn());
        out.put("standard_error", s.episodes() > 1 ? s.standardError() : null);
        out.put("mean_length", s.meanLength());
        out.put("shortest", s.shortest());
        out.put("longest", s.longest());
        out.put("terminated", s.terminated());
        return out;
    }
}
