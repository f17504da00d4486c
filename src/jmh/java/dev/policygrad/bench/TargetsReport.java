package dev.policygrad.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compiled-tape targets of BENCHMARKS.md, as Markdown, from one JMH JSON file holding
 * GradientBenchmark and ReinforceBenchmark for both backends (and, when present, CompileBenchmark),
 * run with {@code -prof gc}. Usage: {@code TargetsReport RESULTS.json}. Ratios carry JMH's 99.9%
 * half-widths propagated in quadrature.
 */
public final class TargetsReport {

    private TargetsReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TargetsReport RESULTS.json");
            System.exit(2);
        }
        List<JmhResults.Row> rows = JmhResults.read(Path.of(args[0]));
        System.out.print(targets(rows));
        System.out.print(gradients(rows));
        System.out.print(reinforce(rows));
        System.out.print(compileCost(rows));
    }

    private static JmhResults.Row find(List<JmhResults.Row> rows, String benchmark, String method, String backend,
            String policy) {
        for (JmhResults.Row r : rows) {
            if (r.benchmark().contains("." + benchmark + ".") && r.method().equals(method)
                    && (backend == null || r.param("backend").equals(backend))
                    && (policy == null || r.param("policy").equals(policy))) {
                return r;
            }
        }
        return null;
    }

    private static JmhResults.Row steps(List<JmhResults.Row> rows, String method, String backend) {
        JmhResults.Row r = find(rows, "ReinforceBenchmark", method, backend, null);
        return r == null ? null : r.metric("steps");
    }

    private static JmhResults.Row alloc(JmhResults.Row r) {
        return r == null ? null : r.metric("gc.alloc.rate.norm");
    }

    private static double value(JmhResults.Row a, JmhResults.Row b) {
        return a == null || b == null ? Double.NaN : a.score() / b.score();
    }

    private static String verdict(double value, double target, boolean atLeast) {
        if (Double.isNaN(value)) return "not measured";
        return (atLeast ? value >= target : value <= target) ? "met" : "not met";
    }

    static String targets(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| measure | interpreter | compiled | target | compiled: |\n|---|---|---|---|---|\n");
        JmhResults.Row hand = find(rows, "ReinforceBenchmark", "handOneThread", "compiled", null);
        double compiledRl = value(steps(rows, "engineOneThread", "compiled"), hand);
        out.append("| REINFORCE CartPole, 1 thread: engine / hand-written steps/s | ")
                .append(Report.ratio(steps(rows, "engineOneThread", "interpreter"), hand)).append(" | ")
                .append(Report.ratio(steps(rows, "engineOneThread", "compiled"), hand)).append(" | >= 0.8 | ")
                .append(verdict(compiledRl, 0.8, true)).append(" |\n");
        double scaling = value(steps(rows, "engineAllThreads", "compiled"), steps(rows, "engineOneThread", "compiled"));
        out.append("| same, 1 -> 2 threads: engine scaling | ")
                .append(Report.ratio(steps(rows, "engineAllThreads", "interpreter"), steps(rows, "engineOneThread", "interpreter")))
                .append(" | ").append(Report.ratio(steps(rows, "engineAllThreads", "compiled"), steps(rows, "engineOneThread", "compiled")))
                .append(" | >= 1.85 | ").append(verdict(scaling, 1.85, true)).append(" |\n");
        for (String policy : List.of("softmax64", "mlp")) {
            JmhResults.Row handScore = find(rows, "GradientBenchmark", "handScore", "compiled", policy);
            double v = value(find(rows, "GradientBenchmark", "engineScore", "compiled", policy), handScore);
            out.append("| score, ").append(policy).append(": engine / hand-written time | ")
                    .append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "interpreter", policy), handScore))
                    .append(" | ").append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "compiled", policy), handScore))
                    .append(" | <= 1.1 | ").append(verdict(v, 1.1, false)).append(" |\n");
        }
        for (String policy : policies(rows)) {
            double v = value(find(rows, "GradientBenchmark", "engineScore", "compiled", policy),
                    find(rows, "GradientBenchmark", "engineLogPi", "compiled", policy));
            out.append("| score / log pi time, ").append(policy).append(" | ")
                    .append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "interpreter", policy),
                            find(rows, "GradientBenchmark", "engineLogPi", "interpreter", policy)))
                    .append(" | ").append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "compiled", policy),
                            find(rows, "GradientBenchmark", "engineLogPi", "compiled", policy)))
                    .append(" | <= 1.6 | ").append(verdict(v, 1.6, false)).append(" |\n");
        }
        double worst = 0;
        StringBuilder cells = new StringBuilder();
        for (String backend : List.of("interpreter", "compiled")) {
            double most = 0;
            for (String policy : policies(rows)) {
                JmhResults.Row a = alloc(find(rows, "GradientBenchmark", "engineScore", backend, policy));
                if (a != null) most = Math.max(most, a.score());
            }
            JmhResults.Row batch = alloc(find(rows, "ReinforceBenchmark", "engineOneThread", backend, null));
            JmhResults.Row perStep = steps(rows, "engineOneThread", backend);
            JmhResults.Row calls = find(rows, "ReinforceBenchmark", "engineOneThread", backend, null);
            double stepsPerCall = perStep == null || calls == null ? Double.NaN : perStep.score() / calls.score();
            double bytesPerStep = batch == null ? Double.NaN : batch.score() / stepsPerCall;
            cells.append(String.format(Locale.ROOT, "%.3f B per score, %.2f B per rollout step", most, bytesPerStep))
                    .append(" | ");
            if (backend.equals("compiled")) worst = Math.max(most, Double.isNaN(bytesPerStep) ? 0 : bytesPerStep);
        }
        out.append("| allocation (largest over policies; per REINFORCE step, the batch's result records spread over its steps) | ")
                .append(cells).append("0 B | ").append(worst < 1 ? "met (below 1 B: harness and per-batch results)" : "not met")
                .append(" |\n");
        return out.append('\n').toString();
    }

    private static List<String> policies(List<JmhResults.Row> rows) {
        List<String> out = new ArrayList<>();
        for (JmhResults.Row r : rows) {
            if (r.benchmark().contains(".GradientBenchmark.") && !out.contains(r.param("policy"))) out.add(r.param("policy"));
        }
        return out;
    }

    static String gradients(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| policy | backend | engine log pi (ns) | engine score (ns) | hand log pi (ns) | hand score (ns) "
                + "| engine / hand score | bytes per score |\n|---|---|---|---|---|---|---|---|\n");
        for (String policy : policies(rows)) {
            for (String backend : List.of("interpreter", "compiled")) {
                JmhResults.Row score = find(rows, "GradientBenchmark", "engineScore", backend, policy);
                JmhResults.Row hand = find(rows, "GradientBenchmark", "handScore", backend, policy);
                JmhResults.Row a = alloc(score);
                out.append("| ").append(policy).append(" | ").append(backend).append(" | ")
                        .append(Report.figure(find(rows, "GradientBenchmark", "engineLogPi", backend, policy))).append(" | ")
                        .append(Report.figure(score)).append(" | ")
                        .append(Report.figure(find(rows, "GradientBenchmark", "handLogPi", backend, policy))).append(" | ")
                        .append(Report.figure(hand)).append(" | ").append(Report.ratio(score, hand)).append(" | ")
                        .append(a == null ? "-" : String.format(Locale.ROOT, "%.3f", a.score())).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    static String reinforce(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| REINFORCE on CartPole | backend | engine (steps/s) | hand-written (steps/s) | engine / hand |\n"
                + "|---|---|---|---|---|\n");
        for (String threads : List.of("OneThread", "AllThreads")) {
            for (String backend : List.of("interpreter", "compiled")) {
                JmhResults.Row engine = steps(rows, "engine" + threads, backend);
                JmhResults.Row hand = find(rows, "ReinforceBenchmark", "hand" + threads, backend, null);
                if (engine == null && hand == null) continue;
                out.append("| ").append(threads.equals("OneThread") ? "one thread" : "one thread per core").append(" | ")
                        .append(backend).append(" | ").append(Report.figure(engine)).append(" | ").append(Report.figure(hand))
                        .append(" | ").append(Report.ratio(engine, hand)).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    static String compileCost(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        boolean any = false;
        out.append("| program | lay out the tape (us) | tape and bytecode (us) | bytecode alone (us) |\n|---|---|---|---|\n");
        for (JmhResults.Row tape : rows) {
            if (!tape.benchmark().contains(".CompileBenchmark.") || !tape.method().equals("tape")) continue;
            JmhResults.Row both = null;
            for (JmhResults.Row r : rows) {
                if (r.benchmark().contains(".CompileBenchmark.") && r.method().equals("tapeAndBytecode")
                        && r.param("program").equals(tape.param("program"))) {
                    both = r;
                }
            }
            any = true;
            out.append("| ").append(tape.param("program")).append(" | ").append(Report.figure(tape)).append(" | ")
                    .append(Report.figure(both)).append(" | ")
                    .append(both == null ? "-" : Report.number(both.score() - tape.score())).append(" |\n");
        }
        return any ? out.append('\n').toString() : "";
    }
}
