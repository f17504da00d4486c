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

    /**
     * Past MAX_POINTS iterations each point is the mean of a group of consecutive ones (5001 rows: groups of
     * 3, the last of 0 + 2), computed here from the rows by hand, and the legend says so; the rows of a
     * logged run are read one at a time into the same groups.
     */
    @Test
    void longRunsAreDrawnAsTheMeansOfGroups() {
        int n = 5001;
        List<MetricRow> rows = rows(n);
        assertEquals(3, TrainingPlot.perPoint(n));
        TrainingPlot.Groups groups = new TrainingPlot.Groups(3);
        rows.forEach(groups);
        List<MetricRow> grouped = groups.finish(n);
        assertEquals(1667, grouped.size());
        assertTrue(grouped.size() <= TrainingPlot.MAX_POINTS);
        for (int g : new int[] {0, 700, 1666}) {
            int from = 3 * g, to = Math.min(n, from + 3);
            double mean = 0, exact = 0;
            for (int k = from; k < to; k++) {
                mean += rows.get(k).meanReturn() / (to - from);
                exact += rows.get(k).exactJ() / (to - from);
            }
            assertEquals(mean, grouped.get(g).meanReturn(), 1e-12);
            assertEquals(exact, grouped.get(g).exactJ(), 1e-12);
            assertEquals(0.5, grouped.get(g).returnStandardError(), 1e-15);
            assertEquals((from + to + 1) / 2, grouped.get(g).iteration());
        }
        XYChart chart = TrainingPlot.chart(grouped, "t", -2, 3);
        assertEquals(1667, chart.getSeriesMap().get("mean return of the batch (means of 3 iterations)").getYData().length);
        assertTrue(chart.getSeriesMap().containsKey("exact J (means of 3 iterations)"));

        MetricLog log = MetricLog.inMemory();
        rows.forEach(log::append);
        TrainingPlot.Groups fromLog = new TrainingPlot.Groups(3);
        MetricLog.Snapshot snapshot = log.snapshot();
        log.each(snapshot, fromLog);
        assertEquals(grouped, fromLog.finish(snapshot.last().iteration()));
    }
}
