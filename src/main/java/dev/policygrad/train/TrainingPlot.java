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

    /** The chart encoded for {@code fileName}: PNG for {@code .png}, SVG for {@code .svg}. */
    public static byte[] encode(List<MetricRow> rows, String title, String fileName) throws IOException {
        return encode(rows, title, Double.NaN, fileName);
    }

    /** As {@link #encode(List, String, String)}, with the best J over all policies drawn as a line when not NaN. */
    public static byte[] encode(List<MetricRow> rows, String title, double optimum, String fileName) throws IOException {
        XYChart chart = chart(rows, title, optimum);
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
        double[] mean = result.mean();
        double[] se = result.standardError();
        int n = mean.length;
        if (n == 0) throw new UsageError("nothing to plot: the runs have no iterations");
        double[] iteration = new double[n], upper = new double[n], lower = new double[n];
        for (int k = 0; k < n; k++) {
            iteration[k] = k + 1;
            double half = Double.isNaN(se[k]) ? 0 : se[k];
            upper[k] = mean[k] + half;
            lower[k] = mean[k] - half;
        }
        boolean exact = result.exact();
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("iteration")
                .yAxisTitle(exact ? "J (exact)" : "mean return").build();
        chart.getStyler().setMarkerSize(0);
        int seeds = result.seeds().length;
        java.awt.Color edge = new java.awt.Color(110, 150, 210);
        XYSeries band = chart.addSeries("mean \u00b1 standard error over " + seeds + " seeds", iteration, upper);
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
        if (rows.isEmpty()) throw new UsageError("nothing to plot: the run has no iterations");
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
            XYSeries series = chart.addSeries("mean return of the batch", iteration, meanReturn);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(blue);
        } else if (sampled) {
            XYSeries series = chart.addSeries("mean return \u00b1 standard error", iteration, meanReturn, error);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(blue);
            series.setMarkerColor(blue);
        }
        if (exact) {
            XYSeries series = chart.addSeries("exact J", iteration, exactJ);
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
