package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several runs on one chart. Runs whose recorded settings agree except for the seed (and the
 * command line and output paths) are seeds of one configuration: they are drawn as the mean over
 * seeds with a band of one standard error of that mean, sd / sqrt(k) over k seeds, iteration by
 * iteration. A configuration with one run is drawn with its own per-iteration standard error as the
 * band when the file has one. Each curve is labelled by the settings in which the configurations
 * differ (or by its file name when they record none).
 */
public final class RunComparison {

    /** Settings that name a run rather than configure it; they do not split configurations. */
    private static final Set<String> NOT_SETTINGS = Set.of("seed", "command", "checkpoint", "resume", "csv", "out",
            "start_iteration", "threads", "plot");

    private RunComparison() {}

    /** A configuration: its label and the runs (one per seed) that share it. */
    public record Group(String label, List<MetricsFile> runs) {}

    /** The runs grouped by configuration, in the order first seen. */
    public static List<Group> groups(List<MetricsFile> runs) {
        Map<Map<String, String>, List<MetricsFile>> byKey = new LinkedHashMap<>();
        for (MetricsFile run : runs) byKey.computeIfAbsent(configuration(run), k -> new ArrayList<>()).add(run);
        Set<String> varying = new LinkedHashSet<>();
        List<Map<String, String>> keys = new ArrayList<>(byKey.keySet());
        for (Map<String, String> key : keys) {
            for (String name : key.keySet()) {
                for (Map<String, String> other : keys) {
                    if (!key.get(name).equals(other.getOrDefault(name, ""))) varying.add(name);
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Map<String, String>, List<MetricsFile>> e : byKey.entrySet()) {
            List<String> parts = new ArrayList<>();
            for (String name : varying) parts.add(name + " " + e.getKey().getOrDefault(name, "-"));
            String label = parts.isEmpty() ? (byKey.size() == 1 ? "run" : e.getValue().get(0).path().getFileName().toString())
                    : String.join(", ", parts);
            int k = e.getValue().size();
            groups.add(new Group(label + (k > 1 ? " (mean of " + k + " seeds)" : ""), e.getValue()));
        }
        return groups;
    }

    private static Map<String, String> configuration(MetricsFile run) {
        Map<String, String> key = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : run.settings().entrySet()) {
            if (!NOT_SETTINGS.contains(e.getKey())) key.put(e.getKey(), e.getValue());
        }
        // without recorded settings every file is its own configuration
        if (key.isEmpty()) key.put("file", run.path().toString());
        return key;
    }

    /** Mean and standard error of the mean of {@code metric} over a group's runs, per iteration (shortest run's length). */
    public static double[][] meanAndError(Group group, String metric) {
        int n = Integer.MAX_VALUE;
        for (MetricsFile run : group.runs()) n = Math.min(n, run.rows());
        int k = group.runs().size();
        double[] iteration = group.runs().get(0).column("iteration");
        double[] mean = new double[n], error = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (MetricsFile run : group.runs()) sum += run.column(metric)[i];
            mean[i] = sum / k;
            if (k > 1) {
                double squares = 0;
                for (MetricsFile run : group.runs()) squares += Math.pow(run.column(metric)[i] - mean[i], 2);
                error[i] = Math.sqrt(squares / (k - 1) / k);
            } else {
                MetricsFile only = group.runs().get(0);
                error[i] = metric.equals("mean_return") && only.has("return_standard_error")
                        ? only.column("return_standard_error")[i] : 0;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(iteration, n), mean, error};
    }

    /** The chart of {@code metric} (mean_return, exact_J, gradient_norm, ...) for every group. */
    public static XYChart chart(List<MetricsFile> runs, String metric) {
        if (runs.isEmpty()) throw new UsageError("nothing to plot: give at least one metrics CSV file");
        XYChart chart = new XYChartBuilder().width(900).height(550).title(metric.replace('_', ' ') + " by iteration")
                .xAxisTitle("iteration").yAxisTitle(metric.replace('_', ' ')).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(3);
        java.awt.Color[] palette = chart.getStyler().getSeriesColors();
        int g = 0;
        for (Group group : groups(runs)) {
            java.awt.Color color = palette[g++ % palette.length];
            double[][] exact = meanAndError(group, metric);
            if (exact[0].length == 0) continue;
            // past MAX_POINTS iterations, drawn as the means of groups of them (the legend says how many)
            double[][] curve = Bands.grouped(exact[0], exact[1], exact[2]);
            int per = TrainingPlot.perPoint(exact[0].length);
            String label = group.label() + (per == 1 ? "" : " (means of " + per + " iterations)");
            boolean band = false;
            for (double e : curve[2]) band |= e > 0;
            if (band) {
                XYSeries area = chart.addSeries(label + " \u00b1 standard error", Bands.polygonX(curve[0]),
                        Bands.polygonY(curve[1], curve[2]));
                area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                area.setMarker(SeriesMarkers.NONE);
                area.setShowInLegend(false);
                area.setFillColor(new java.awt.Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
                area.setLineColor(new java.awt.Color(0, 0, 0, 0));
            }
            XYSeries line = chart.addSeries(label, curve[0], curve[1]);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color);
        }
        return chart;
    }
}
