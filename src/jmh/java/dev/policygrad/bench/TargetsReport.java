package dev.policygrad.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compiled-tape targets of BENCHMARKS.md, as Markdown, from one JMH JSON file holding
 * GradientBenchmark and ReinforceBenchmark for both backends (and, when present, CompileBenchmark),
 * run with {@code -prof gc}. Usage: {@code TargetsReport RESULTS.json}. Figures carry 99.9% half-widths
 * ({@link JmhResults#halfWidth}: JMH's, or the forks' t-interval when that is wider), propagated into
 * ratios in quadrature; a verdict is given only where a ratio's interval lies on one side of its target.
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

    /** The ratio a / b and its 99.9% half-width (relative errors in quadrature, each fork-aware), or NaNs. */
    private static double[] value(JmhResults.Row a, JmhResults.Row b) {
        if (a == null || b == null) return new double[] {Double.NaN, Double.NaN};
        double ratio = a.score() / b.score();
        return new double[] {ratio, ratio * Math.hypot(a.error() / a.score(), b.error() / b.score())};
    }

    /** Met or not only when the ratio's interval lies on one side of the target. */
    private static String verdict(double[] value, double target, boolean atLeast) {
        if (Double.isNaN(value[0])) return "not measured";
        if (!Double.isNaN(value[1]) && Math.abs(value[0] - target) <= value[1]) {
            return "undecided: the interval contains the target";
        }
        return (atLeast ? value[0] >= target : value[0] <= target) ? "met" : "not met";
    }

    static String targets(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| measure | interpreter | compiled | target | compiled: |\n|---|---|---|---|---|\n");
        JmhResults.Row hand = find(rows, "ReinforceBenchmark", "handOneThread", "compiled", null);
        double[] compiledRl = value(steps(rows, "engineOneThread", "compiled"), hand);
        out.append("| REINFORCE CartPole, 1 thread: engine / hand-written steps/s | ")
                .append(Report.ratio(steps(rows, "engineOneThread", "interpreter"), hand)).append(" | ")
                .append(Report.ratio(steps(rows, "engineOneThread", "compiled"), hand)).append(" | >= 0.8 | ")
                .append(verdict(compiledRl, 0.8, true)).append(" |\n");
        double[] scaling = value(steps(rows, "engineAllThreads", "compiled"), steps(rows, "engineOneThread", "compiled"));
        out.append("| same, 1 -> 2 threads: engine scaling | ")
                .append(Report.ratio(steps(rows, "engineAllThreads", "interpreter"), steps(rows, "engineOneThread", "interpreter")))
                .append(" | ").append(Report.ratio(steps(rows, "engineAllThreads", "compiled"), steps(rows, "engineOneThread", "compiled")))
                .append(" | >= 1.85 | ").append(verdict(scaling, 1.85, true)).append(" |\n");
        JmhResults.Row handPlay = find(rows, "ReinforceBenchmark", "handPlayOneThread", "compiled", null);
        out.append("| playing CartPole without a gradient (Monte Carlo J, verify's reference), 1 thread: engine / "
                + "hand-written steps/s | ")
                .append(Report.ratio(steps(rows, "enginePlayOneThread", "interpreter"), handPlay)).append(" | ")
                .append(Report.ratio(steps(rows, "enginePlayOneThread", "compiled"), handPlay))
                .append(" | (none; what verify's end-to-end time rests on) | - |\n");
        for (String policy : List.of("softmax64", "mlp")) {
            JmhResults.Row handScore = find(rows, "GradientBenchmark", "handScore", "compiled", policy);
            double[] v = value(find(rows, "GradientBenchmark", "engineScore", "compiled", policy), handScore);
            out.append("| score, ").append(policy).append(": engine / hand-written time | ")
                    .append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "interpreter", policy), handScore))
                    .append(" | ").append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "compiled", policy), handScore))
                    .append(" | <= 1.1 | ").append(verdict(v, 1.1, false)).append(" |\n");
        }
        for (String policy : policies(rows)) {
            double[] v = value(find(rows, "GradientBenchmark", "engineScore", "compiled", policy),
                    find(rows, "GradientBenchmark", "engineLogPi", "compiled", policy));
            out.append("| score / log pi time, ").append(policy).append(" | ")
                    .append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "interpreter", policy),
                            find(rows, "GradientBenchmark", "engineLogPi", "interpreter", policy)))
                    .append(" | ").append(Report.ratio(find(rows, "GradientBenchmark", "engineScore", "compiled", policy),
                            find(rows, "GradientBenchmark", "engineLogPi", "compiled", policy)))
                    .append(" | <= 1.6 | ").append(verdict(v, 1.6, false)).append(" |\n");
        }
        StringBuilder perScore = new StringBuilder(), perStep = new StringBuilder();
        double compiledScore = Double.NaN, compiledStep = Double.NaN;
        for (String backend : List.of("interpreter", "compiled")) {
            double most = Double.NaN;
            for (String policy : policies(rows)) {
                JmhResults.Row a = alloc(find(rows, "GradientBenchmark", "engineScore", backend, policy));
                if (a != null) most = Double.isNaN(most) ? a.score() : Math.max(most, a.score());
            }
            JmhResults.Row batch = alloc(find(rows, "ReinforceBenchmark", "engineOneThread", backend, null));
            JmhResults.Row stepRate = steps(rows, "engineOneThread", backend);
            JmhResults.Row calls = find(rows, "ReinforceBenchmark", "engineOneThread", backend, null);
            double bytesPerStep = batch == null || stepRate == null || calls == null ? Double.NaN
                    : batch.score() / (stepRate.score() / calls.score());
            perScore.append(Double.isNaN(most) ? "-" : String.format(Locale.ROOT, "%.3f B", most)).append(" | ");
            perStep.append(Double.isNaN(bytesPerStep) ? "-" : String.format(Locale.ROOT, "%.2f B (%,.0f B per batch of %d episodes)",
                    bytesPerStep, batch.score(), ReinforceBenchmark.EPISODES)).append(" | ");
            if (backend.equals("compiled")) {
                compiledScore = most;
                compiledStep = bytesPerStep;
            }
        }
        out.append("| allocation per score (largest over the policies; JMH's gc.alloc.rate.norm) | ").append(perScore)
                .append("0 B | ").append(Double.isNaN(compiledScore) ? "not measured" : compiledScore < 1
                        ? "met: under a byte per call is the harness's own allocation spread over millions of calls" : "not met")
                .append(" |\n");
        out.append("| allocation per REINFORCE step (a batch's bytes over its steps) | ").append(perStep)
                .append("0 B | ").append(Double.isNaN(compiledStep) ? "not measured" : compiledStep < 1 ? "met"
                        : "not met per batch: a batch allocates its result and its chunks' accumulators, not per step; "
                        + "the share per step shrinks as batches and episodes lengthen")
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
                if (score == null && hand == null) continue;
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
