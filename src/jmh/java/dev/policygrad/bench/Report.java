package dev.policygrad.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns a JMH JSON result file into the tables of BENCHMARKS.md (printed as Markdown) and the plot of
 * forward against reverse mode. Usage: {@code Report [--plot PLOT.png] RESULTS.json...}; the
 * allocation column comes from whichever file holds a run with {@code -prof gc}.
 *
 * <p>Figures are JMH's mean with a 99.9% confidence half-width ({@link JmhResults#halfWidth}: JMH's, or
 * the forks' t-interval when that is wider); a ratio's error propagates the two relative errors in
 * quadrature.
 */
public final class Report {

    private Report() {}

    public static void main(String[] args) throws IOException {
        Path plot = null;
        List<JmhResults.Row> rows = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--plot") && i + 1 < args.length) plot = Path.of(args[++i]);
            else rows.addAll(JmhResults.read(Path.of(args[i])));
        }
        if (rows.isEmpty()) {
            System.err.println("usage: Report [--plot forward-vs-reverse.png] RESULTS.json...");
            System.exit(2);
        }
        System.out.print(gradientTable(rows));
        System.out.print(scalingTable(rows));
        System.out.print(reinforceTable(rows));
        if (plot != null) plotScaling(rows, plot);
    }

    /** The gc profiler's bytes per score, from whichever result file has a run with {@code -prof gc}. */
    static JmhResults.Row allocation(List<JmhResults.Row> rows, String policy) {
        for (JmhResults.Row r : rows) {
            if (r.benchmark().contains(".GradientBenchmark.") && r.method().equals("engineScore")
                    && r.param("policy").equals(policy) && r.metric("gc.alloc.rate.norm") != null
                    && (r.param("backend").isEmpty() || r.param("backend").equals("compiled"))) {
                return r.metric("gc.alloc.rate.norm");
            }
        }
        return null;
    }

    /** The first row that matches, on the default (compiled) backend where the benchmark has a backend parameter. */
    static JmhResults.Row find(List<JmhResults.Row> rows, String className, String method, String param, String value) {
        for (JmhResults.Row r : rows) {
            if (r.benchmark().contains("." + className + ".") && r.method().equals(method)
                    && (param == null || r.param(param).equals(value))
                    && (r.param("backend").isEmpty() || r.param("backend").equals("compiled"))) {
                return r;
            }
        }
        return null;
    }

    static String gradientTable(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| policy | engine log pi (ns) | engine score (ns) | score / log pi | hand score (ns) "
                + "| engine / hand | bytes per score |\n|---|---|---|---|---|---|---|\n");
        for (String policy : List.of("softmax4", "softmax64", "softmax1024", "gaussian64", "mlp")) {
            JmhResults.Row logPi = find(rows, "GradientBenchmark", "engineLogPi", "policy", policy);
            JmhResults.Row score = find(rows, "GradientBenchmark", "engineScore", "policy", policy);
            JmhResults.Row hand = find(rows, "GradientBenchmark", "handScore", "policy", policy);
            if (score == null) continue;
            out.append("| ").append(policy).append(" | ").append(figure(logPi)).append(" | ").append(figure(score))
                    .append(" | ").append(ratio(score, logPi)).append(" | ").append(figure(hand))
                    .append(" | ").append(ratio(score, hand)).append(" | ")
                    .append(bytes(allocation(rows, policy))).append(" |\n");
        }
        return out.append('\n').toString();
    }

    static String scalingTable(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| parameters | forward mode (ns) | reverse mode (ns) | forward / reverse |\n|---|---|---|---|\n");
        for (JmhResults.Row reverse : series(rows, "reverse")) {
            JmhResults.Row forward = find(rows, "ScalingBenchmark", "forward", "parameters", reverse.param("parameters"));
            out.append("| ").append(reverse.param("parameters")).append(" | ").append(figure(forward)).append(" | ")
                    .append(figure(reverse)).append(" | ").append(ratio(forward, reverse)).append(" |\n");
        }
        return out.append('\n').toString();
    }

    /** Engine rows count environment steps in their {@code steps} counter; hand-written rows, one step per operation. */
    static String reinforceTable(List<JmhResults.Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| REINFORCE on CartPole | engine (steps/s) | hand-written (steps/s) | hand / engine |\n|---|---|---|---|\n");
        for (String threads : List.of("OneThread", "AllThreads")) {
            JmhResults.Row engine = find(rows, "ReinforceBenchmark", "engine" + threads, null, null);
            if (engine != null) engine = engine.metric("steps");
            JmhResults.Row hand = find(rows, "ReinforceBenchmark", "hand" + threads, null, null);
            if (engine == null && hand == null) continue;
            out.append("| ").append(threads.equals("OneThread") ? "one thread" : "one thread per core").append(" | ").append(figure(engine)).append(" | ")
                    .append(figure(hand)).append(" | ").append(ratio(hand, engine)).append(" |\n");
        }
        return out.append('\n').toString();
    }

    /** ScalingBenchmark rows of one mode, by parameter count. */
    static List<JmhResults.Row> series(List<JmhResults.Row> rows, String method) {
        List<JmhResults.Row> out = new ArrayList<>();
        for (JmhResults.Row r : rows) if (r.benchmark().contains(".ScalingBenchmark.") && r.method().equals(method)) out.add(r);
        out.sort((a, b) -> Integer.compare(Integer.parseInt(a.param("parameters")), Integer.parseInt(b.param("parameters"))));
        return out;
    }

    /** Log-log plot of both modes' time per gradient, written to a temporary file and moved into place. */
    static void plotScaling(List<JmhResults.Row> rows, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(520)
                .title("Gradient of the linear softmax log pi: forward vs reverse mode")
                .xAxisTitle("parameters P").yAxisTitle("time per gradient (ns)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        for (String method : List.of("forward", "reverse")) {
            List<JmhResults.Row> s = series(rows, method);
            if (s.isEmpty()) continue;
            double[] x = new double[s.size()], y = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                x[i] = Double.parseDouble(s.get(i).param("parameters"));
                y[i] = s.get(i).score();
            }
            String name = method.equals("forward") ? "forward (Commons Math DerivativeStructure)" : "reverse (policygrad tape)";
            XYSeries series = chart.addSeries(name, x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve("." + png.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        Files.move(temp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String figure(JmhResults.Row r) {
        if (r == null) return "-";
        return Double.isNaN(r.error()) ? number(r.score()) : number(r.score()) + " ± " + number(r.error());
    }

    static String ratio(JmhResults.Row a, JmhResults.Row b) {
        if (a == null || b == null) return "-";
        double ratio = a.score() / b.score();
        double relative = Math.hypot(a.error() / a.score(), b.error() / b.score());
        return Double.isNaN(relative) ? fixed(ratio) : fixed(ratio) + " ± " + fixed(ratio * relative);
    }

    static String bytes(JmhResults.Row r) {
        if (r == null) return "-";
        String error = Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %.3f", r.error());
        return String.format(Locale.ROOT, "%.3f", r.score()) + error;
    }

    /** Three significant figures, thousands grouped. */
    static String number(double x) {
        if (Math.abs(x) >= 100) return String.format(Locale.ROOT, "%,.0f", x);
        if (Math.abs(x) >= 10) return String.format(Locale.ROOT, "%.1f", x);
        return String.format(Locale.ROOT, "%.2f", x);
    }

    static String fixed(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
