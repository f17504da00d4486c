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
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curve of a run (XChart): per iteration the batch's mean return with error bars of
 * one standard error, and the exact J(theta_{k-1}) where it was computed. A run on the exact
 * gradient has no batch, so only J is drawn.
 */
public final class TrainingPlot {

    private TrainingPlot() {}

    /** The chart encoded for {@code fileName}: PNG for {@code .png}, SVG for {@code .svg}. */
    public static byte[] encode(List<MetricRow> rows, String title, String fileName) throws IOException {
        XYChart chart = chart(rows, title);
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".png")) return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        if (lower.endsWith(".svg")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toByteArray();
        }
        throw new UsageError("a plot is written as a .png or .svg file, got " + fileName);
    }

    static XYChart chart(List<MetricRow> rows, String title) {
        if (rows.isEmpty()) throw new UsageError("nothing to plot: the run has no iterations");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("iteration").yAxisTitle("return").build();
        chart.getStyler().setMarkerSize(4);
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
        if (sampled) {
            XYSeries series = chart.addSeries("mean return \u00b1 standard error", iteration, meanReturn, error);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        if (exact) {
            XYSeries series = chart.addSeries("exact J", iteration, exactJ);
            series.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
