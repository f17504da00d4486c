package dev.policygrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The learning curve: error bars for short runs, a band for long ones, J and the optimum drawn last. */
class TrainingPlotTest {

    private static List<MetricRow> rows(int n) {
        List<MetricRow> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) rows.add(new MetricRow(i, -10 + 0.1 * i, 0.5, -10 + 0.1 * i - 0.05, 1, 100, 1));
        return rows;
    }

    @Test
    void shortRunsHaveErrorBars() {
        XYChart chart = TrainingPlot.chart(rows(TrainingPlot.BAND_FROM), "pi on t: adam, learning rate 0.01", -2);
        XYSeries sampled = chart.getSeriesMap().get("mean return \u00b1 standard error");
        assertNotNull(sampled);
        assertEquals(0.5, sampled.getExtraValues()[0]);
        assertEquals(Styler.LegendPosition.InsideSE, chart.getStyler().getLegendPosition());
        assertEquals("pi on t: adam, learning rate 0.01", chart.getTitle());
    }

    /** Past BAND_FROM iterations: a closed polygon mean + se forward, mean - se back; J and the optimum on top. */
    @Test
    void longRunsHaveABandAndTheLinesOnTop() {
        int n = TrainingPlot.BAND_FROM + 1;
        XYChart chart = TrainingPlot.chart(rows(n), "t", -2);
        XYSeries band = chart.getSeriesMap().get("\u00b1 standard error");
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle());
        double[] y = band.getYData();
        assertEquals(2 * n, y.length);
        assertEquals(-10 + 0.1 + 0.5, y[0], 1e-12);
        assertEquals(-10 + 0.1 - 0.5, y[2 * n - 1], 1e-12);
        List<String> order = new ArrayList<>(chart.getSeriesMap().keySet());
        assertEquals(List.of("\u00b1 standard error", "mean return of the batch", "exact J",
                "best J of any policy (value iteration)"), order);
        assertArrayEquals(new double[] {-2, -2}, chart.getSeriesMap().get("best J of any policy (value iteration)").getYData());
        assertFalse(order.contains("mean return \u00b1 standard error"));
        assertTrue(chart.getSeriesMap().get("exact J").getLineWidth() > 2);
    }

    @Test
    void noOptimumLineWhenUnknown() {
        assertFalse(TrainingPlot.chart(rows(5), "t", Double.NaN).getSeriesMap()
                .containsKey("best J of any policy (value iteration)"));
    }
}
