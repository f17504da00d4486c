package dev.policygrad.train;

import dev.policygrad.check.ParameterLayout;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * theta by parameter block, in the format {@code --params} reads: {@code {"theta": [0.3, -0.2]}},
 * a scalar as a number, a matrix as a list of rows.
 */
public final class ParameterBlocks {

    private ParameterBlocks() {}

    public static Map<String, Object> of(ParameterLayout layout, double[] theta) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParameterLayout.Block block : layout.blocks()) {
            Shape shape = block.shape();
            int offset = block.offset();
            if (shape.rank() == 0) {
                out.put(block.name(), theta[offset]);
            } else if (shape.rank() == 1) {
                out.put(block.name(), values(theta, offset, shape.rows()));
            } else {
                List<Object> rows = new ArrayList<>();
                for (int i = 0; i < shape.rows(); i++) rows.add(values(theta, offset + i * shape.cols(), shape.cols()));
                out.put(block.name(), rows);
            }
        }
        return out;
    }

    private static List<Double> values(double[] theta, int from, int count) {
        List<Double> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(theta[from + i]);
        return out;
    }
}
