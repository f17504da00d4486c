package dev.policygrad.inspect;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * pi(a | s) of a {@link StateTable} as a heat map (XChart): one column per action, one row per
 * state, colour from white (0) to dark blue (1), each cell labelled with its probability.
 */
public final class PolicyHeatMap {

    private PolicyHeatMap() {}

    public static HeatMapChart chart(StateTable table, String title) {
        int width = Math.max(400, 140 + 90 * table.actions().size());
        int height = Math.max(300, 120 + 32 * table.states().size());
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("action").yAxisTitle("state").build();
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x9e, 0xca, 0xe1), new Color(0x08, 0x30, 0x6b)});
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.000");
        chart.getStyler().setPlotContentSize(1);
        // the first state at the top, as in the text table
        List<String> states = new ArrayList<>(table.states());
        java.util.Collections.reverse(states);
        List<Number[]> cells = new ArrayList<>();
        for (int s = 0; s < states.size(); s++) {
            for (int a = 0; a < table.actions().size(); a++) {
                cells.add(new Number[] {a, states.size() - 1 - s, table.probabilities()[s][a]});
            }
        }
        chart.addSeries("pi(a | s)", table.actions(), states, cells);
        return chart;
    }
}
