package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curve of a run (XChart): per iteration the batch's mean return with one standard
 * error (bars, or a band past {@link #BAND_FROM} iterations), the exact J(theta_{k-1}) where it was
 * computed, and the best J of any policy where it is known; the legend sits inside the plot. A run on the exact
 * gradient has no batch, so only J is drawn.
 */
public final class TrainingPlot {

    private TrainingPlot() {}

    /** Past this many iterations the standard error is drawn as a band rather than as error bars. */
    public static final int BAND_FROM = 36;

    /**
     * The most points a curve is drawn with. A longer run is drawn as the means of consecutive groups of
     * iterations: XChart took over three minutes to draw 300,000 points, which no screen shows apart.
     */
    public static final int MAX_POINTS = 2000;

    /** Iterations per drawn point for a run of {@code n}: 1 up to {@link #MAX_POINTS}, then the fewest that fit. */
    static int perPoint(long n) {
        return (int) Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    }

    /**
     * Rows taken one at a time and kept as the means of consecutive groups of {@code per} (the last group
     * may be shorter): iteration the group's middle, mean return, its standard error and the exact J
     * averaged, steps summed. Memory is one row per group, whatever the run's length.
     */
    static final class Groups implements java.util.function.Consumer<MetricRow> {
        final int per;
        final List<MetricRow> rows = new java.util.ArrayList<>();
        private int count, first;
        private double meanReturn, error, exactJ, norm;
        private long steps, elapsed;

        Groups(int per) {
            this.per = per;
        }

        @Override
        public void accept(MetricRow r) {
            if (count == 0) first = r.iteration();
            count++;
            meanReturn += r.meanReturn();
            error += r.returnStandardError();
            exactJ += r.exactJ();
            norm += r.gradientNorm();
            steps += r.steps();
            elapsed = r.elapsedMillis();
            if (count == per) flush(r.iteration());
        }

        private void flush(int last) {
            rows.add(new MetricRow((first + last) / 2, meanReturn / count, error / count, exactJ / count, norm / count,
                    steps, elapsed));
            count = 0;
            meanReturn = error = exactJ = norm = 0;
            steps = 0;
        }

        /** The groups, the last one closed at {@code lastIteration} if it is short. */
        List<MetricRow> finish(int lastIteration) {
            if (count > 0) flush(lastIteration);
            return rows;
        }
    }

    /** The chart encoded for {@code fileName}: PNG for {@code .png}, SVG for {@code .svg}. */
    public static byte[] encode(List<MetricRow> rows, String title, String fileName) throws IOException {
        return encode(rows, title, Double.NaN, fileName);
    }

    /**
     * The chart of a run's logged rows, read one at a time and drawn in groups past {@link #MAX_POINTS}
     * (as {@link #encode(List, String, double, String)}), so a long run is not read into memory.
     */
    public static byte[] encode(MetricLog.Snapshot rows, String title, double optimum, String fileName) throws IOException {
        if (rows.rows() == 0) throw new UsageError("nothing to plot: the run has no iterations");
        Groups groups = new Groups(perPoint(rows.rows()));
        rows.log().each(rows, groups);
        return encode(groups.finish(rows.last().iteration()), groups.per, title, optimum, fileName);
    }

    /** As {@link #encode(List, String, String)}, with the best J over all policies drawn as a line when not NaN. */
    public static byte[] encode(List<MetricRow> rows, String title, double optimum, String fileName) throws IOException {
        if (rows.size() <= MAX_POINTS) return encode(rows, 1, title, optimum, fileName);
        Groups groups = new Groups(perPoint(rows.size()));
        rows.forEach(groups);
        return encode(groups.finish(rows.get(rows.size() - 1).iteration()), groups.per, title, optimum, fileName);
    }

    private static byte[] encode(List<MetricRow> rows, int per, String title, double optimum, String fileName)
            throws IOException {
        XYChart chart = chart(rows, title, optimum, per);
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        if (lower.endsWith(".svg")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toByteArray();
        }
        throw new UsageError("a plot is written as a .png or .svg file, got " + fileName);
    }

    /**
     * The mean learning curve of a seed sweep with its band (mean +- standard error over seeds), encoded
     * for {@code fileName} as {@link #encode} does.
     */
    public static byte[] encodeSweep(SeedSweep.Result result, String title, String fileName) throws IOException {
        double[] means = result.mean();
        double[] errors = result.standardError();
        if (means.length == 0) throw new UsageError("nothing to plot: the runs have no iterations");
        // past MAX_POINTS iterations, each point is the mean of a group of them, as for one run
        int per = perPoint(means.length);
        double[] steps = new double[means.length];
        for (int k = 0; k < steps.length; k++) steps[k] = k + 1;
        double[][] curve = Bands.grouped(steps, means, errors);
        double[] iteration = curve[0], mean = curve[1];
        double[] upper = new double[mean.length], lower = new double[mean.length];
        for (int g = 0; g < mean.length; g++) {
            upper[g] = mean[g] + curve[2][g];
            lower[g] = mean[g] - curve[2][g];
        }
        String grouped = per == 1 ? "" : " (means of " + per + " iterations)";
        boolean exact = result.exact();
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("iteration")
                .yAxisTitle(exact ? "J (exact)" : "mean return").build();
        chart.getStyler().setMarkerSize(0);
        int seeds = result.seeds().length;
        java.awt.Color edge = new java.awt.Color(110, 150, 210);
        XYSeries band = chart.addSeries("mean \u00b1 standard error over " + seeds + " seeds" + grouped, iteration, upper);
        XYSeries floor = chart.addSeries("lower edge", iteration, lower);
        floor.setShowInLegend(false);
        for (XYSeries s : new XYSeries[] {band, floor}) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(edge);
            s.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_ROUND,
                    10f, new float[] {4f, 3f}, 0f));
            s.setMarker(SeriesMarkers.NONE);
        }
        XYSeries line = chart.addSeries("mean over seeds", iteration, mean);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(new java.awt.Color(20, 60, 140));
        line.setMarker(SeriesMarkers.NONE);
        String lower2 = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower2.endsWith(".png")) return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        if (lower2.endsWith(".svg")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toByteArray();
        }
        throw new UsageError("--plot writes .png or .svg files, got " + fileName);
    }

    static XYChart chart(List<MetricRow> rows, String title) {
        return chart(rows, title, Double.NaN);
    }

    /**
     * The batch means with their standard errors (error bars up to {@link #BAND_FROM} iterations, a
     * shaded band past them), then the exact J and the optimum as lines drawn last, so on top.
     */
    static XYChart chart(List<MetricRow> rows, String title, double optimum) {
        return chart(rows, title, optimum, 1);
    }

    /** As {@link #chart(List, String, double)} for rows that are the means of groups of {@code per} iterations. */
    static XYChart chart(List<MetricRow> rows, String title, double optimum, int per) {
        if (rows.isEmpty()) throw new UsageError("nothing to plot: the run has no iterations");
        String grouped = per == 1 ? "" : " (means of " + per + " iterations)";
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("iteration").yAxisTitle("return").build();
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        int n = rows.size();
        double[] iteration = new double[n], meanReturn = new double[n], error = new double[n], exactJ = new double[n];
        boolean sampled = false, exact = false;
        for (int i = 0; i < n; i++) {
            MetricRow r = rows.get(i);
            iteration[i] = r.iteration();
            meanReturn[i] = r.meanReturn();
            error[i] = r.returnStandardError();
            exactJ[i] = r.exactJ();
            sampled |= r.steps() > 0;
            exact |= !Double.isNaN(r.exactJ());
        }
        java.awt.Color blue = new java.awt.Color(0x1f, 0x77, 0xb4);
        if (sampled && n > BAND_FROM) {
            XYSeries band = chart.addSeries("\u00b1 standard error", Bands.polygonX(iteration), Bands.polygonY(meanReturn, error));
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new java.awt.Color(0x1f, 0x77, 0xb4, 60));
            band.setLineColor(new java.awt.Color(0, 0, 0, 0));
            XYSeries series = chart.addSeries("mean return of the batch" + grouped, iteration, meanReturn);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(blue);
        } else if (sampled) {
            XYSeries series = chart.addSeries("mean return \u00b1 standard error" + grouped, iteration, meanReturn, error);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(blue);
            series.setMarkerColor(blue);
        }
        if (exact) {
            XYSeries series = chart.addSeries("exact J" + grouped, iteration, exactJ);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(new java.awt.Color(0xd6, 0x27, 0x28));
            series.setLineWidth(2.5f);
        }
        if (!Double.isNaN(optimum)) {
            XYSeries series = chart.addSeries("best J of any policy (value iteration)",
                    new double[] {iteration[0], iteration[n - 1]}, new double[] {optimum, optimum});
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(new java.awt.Color(0x2c, 0xa0, 0x2c));
            series.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[] {8f, 6f}, 0f));
        }
        return chart;
    }
}
