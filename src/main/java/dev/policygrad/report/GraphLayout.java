package dev.policygrad.report;

import dev.policygrad.ad.Operands;
import dev.policygrad.ad.Trace;
import dev.policygrad.ad.TraceText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a {@link Trace}'s computation graph in layers, with no external tool: a node's layer is
 * the length of the longest path from a leaf to it (so every edge points down), and within a layer
 * nodes are ordered by the mean position of their inputs (one barycentre sweep, as in Sugiyama,
 * Tagawa and Toda 1981), which keeps most edges short and uncrossed. One node per tape entry: each
 * leaf (parameter block, state, action, constant) and each instruction, vectors collapsed into one
 * node showing their length and first elements.
 */
final class GraphLayout {

    static final int NODE_WIDTH = 210, NODE_HEIGHT = 54, GAP_X = 30, GAP_Y = 60, MARGIN = 20;

    /** A placed node: {@code id} is the leaf's name or {@code %i}; {@code row} the trace row (-1: leaf). */
    record Box(String id, String kind, String title, String value, String adjoint, int row, double x, double y) {}

    /** An edge from {@code from} to {@code to}, feeding the operand called {@code label}. */
    record Edge(String from, String to, String label, int operand, int arity) {}

    record Layout(List<Box> boxes, List<Edge> edges, double width, double height) {}

    private GraphLayout() {}

    static Layout of(Trace trace) {
        Map<String, Integer> layer = new HashMap<>();
        List<String> ids = new ArrayList<>();
        Map<String, String[]> text = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        Map<String, Integer> rowOf = new HashMap<>();
        for (Trace.Leaf leaf : trace.leaves()) {
            String id = leaf.kind().equals("constant") ? "const:" + leaf.register() : leaf.name();
            ids.add(id);
            layer.put(id, 0);
            kinds.put(id, leaf.kind());
            rowOf.put(id, -1);
            text.put(id, new String[] {leaf.kind().equals("constant") ? "constant" : leaf.name(),
                    value(leaf.value()), leaf.adjoint() == null ? "" : value(leaf.adjoint())});
        }
        Map<String, String> leafIds = new HashMap<>();
        for (Trace.Leaf leaf : trace.leaves()) {
            leafIds.put(leaf.name(), leaf.kind().equals("constant") ? "const:" + leaf.register() : leaf.name());
        }
        List<Edge> edges = new ArrayList<>();
        for (Trace.Row row : trace.rows()) {
            String id = "%" + row.index();
            int depth = 0;
            for (int k = 0; k < row.inputs().size(); k++) {
                String input = row.inputs().get(k);
                String from = input.startsWith("%") ? input : leafIds.get(input);
                depth = Math.max(depth, layer.get(from) + 1);
                edges.add(new Edge(from, id, Operands.label(row.op(), k, row.inputs().size()), k, row.inputs().size()));
            }
            ids.add(id);
            layer.put(id, depth);
            kinds.put(id, "operation");
            rowOf.put(id, row.index());
            text.put(id, new String[] {id + " " + row.op(), value(row.value()), value(row.adjoint())});
        }
        int layers = 0;
        for (int d : layer.values()) layers = Math.max(layers, d + 1);
        List<List<String>> byLayer = new ArrayList<>();
        for (int d = 0; d < layers; d++) byLayer.add(new ArrayList<>());
        for (String id : ids) byLayer.get(layer.get(id)).add(id);
        Map<String, Double> position = new HashMap<>();
        for (int d = 0; d < layers; d++) {
            List<String> nodes = byLayer.get(d);
            if (d > 0) {
                Map<String, Double> centre = new HashMap<>();
                for (String id : nodes) {
                    double sum = 0;
                    int count = 0;
                    for (Edge e : edges) {
                        if (e.to().equals(id)) {
                            sum += position.get(e.from());
                            count++;
                        }
                    }
                    centre.put(id, count == 0 ? 0 : sum / count);
                }
                nodes.sort((p, q) -> Double.compare(centre.get(p), centre.get(q)));
            }
            for (int i = 0; i < nodes.size(); i++) position.put(nodes.get(i), (double) i);
        }
        int widest = 1;
        for (List<String> nodes : byLayer) widest = Math.max(widest, nodes.size());
        double width = 2 * MARGIN + widest * NODE_WIDTH + (widest - 1) * GAP_X;
        List<Box> boxes = new ArrayList<>();
        for (int d = 0; d < layers; d++) {
            List<String> nodes = byLayer.get(d);
            double rowWidth = nodes.size() * NODE_WIDTH + (nodes.size() - 1) * GAP_X;
            double left = (width - rowWidth) / 2;
            for (int i = 0; i < nodes.size(); i++) {
                String id = nodes.get(i);
                String[] t = text.get(id);
                boxes.add(new Box(id, kinds.get(id), t[0], t[1], t[2], rowOf.get(id), left + i * (NODE_WIDTH + GAP_X),
                        MARGIN + d * (NODE_HEIGHT + GAP_Y)));
            }
        }
        double height = 2 * MARGIN + layers * NODE_HEIGHT + (layers - 1) * GAP_Y;
        return new Layout(boxes, edges, width, height);
    }

    private static String value(double[] v) {
        return TraceText.compact(v, 4);
    }
}
