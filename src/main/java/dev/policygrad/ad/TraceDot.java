package dev.policygrad.ad;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Trace} as a Graphviz graph: parameters as blue boxes, the state as a green and the action
 * as an orange rounded box, constants as grey text, instructions as ellipses labelled with their op,
 * value and adjoint; every edge says which operand it feeds ({@code mean}, {@code exponent}). Collapsed
 * (the default), a vector is summarised as its length and first elements, so that wide layers keep
 * their nodes narrow.
 */
public final class TraceDot {

    private TraceDot() {}

    public static String render(Trace trace, boolean collapsed) {
        StringBuilder out = new StringBuilder("digraph tape {\n  rankdir=TB;\n"
                + "  node [fontname=\"monospace\", fontsize=10];\n  edge [fontname=\"monospace\", fontsize=9];\n");
        Map<String, String> ids = new HashMap<>();
        for (int k = 0; k < trace.leaves().size(); k++) {
            Trace.Leaf leaf = trace.leaves().get(k);
            String id = "leaf" + k;
            ids.put(leaf.name(), id);
            String label = (leaf.kind().equals("constant") ? "" : leaf.name() + "\\n") + "v = " + value(leaf.value(), collapsed)
                    + (leaf.adjoint() == null ? "" : "\\nv_bar = " + value(leaf.adjoint(), collapsed));
            out.append("  ").append(id).append(" [").append(style(leaf.kind())).append(", label=\"").append(escape(label))
                    .append("\"];\n");
        }
        for (Trace.Row row : trace.rows()) {
            String label = "%" + row.index() + " " + row.op() + "\\nv = " + value(row.value(), collapsed) + "\\nv_bar = "
                    + value(row.adjoint(), collapsed);
            out.append("  i").append(row.index()).append(" [shape=ellipse, label=\"").append(escape(label)).append("\"];\n");
            for (int k = 0; k < row.inputs().size(); k++) {
                String input = row.inputs().get(k);
                String from = input.startsWith("%") ? "i" + input.substring(1) : ids.get(input);
                String role = Operands.label(row.op(), k, row.inputs().size());
                out.append("  ").append(from).append(" -> i").append(row.index())
                        .append(role.isEmpty() ? "" : " [label=\"" + escape(role) + "\"]").append(";\n");
            }
        }
        return out.append("}\n").toString();
    }

    private static String style(String kind) {
        switch (kind) {
            case "parameter": return "shape=box, style=filled, fillcolor=\"#dbeafe\"";
            case "state": return "shape=box, style=\"rounded,filled\", fillcolor=\"#dcfce7\"";
            case "action": return "shape=box, style=\"rounded,filled\", fillcolor=\"#fef3c7\"";
            case "constant": return "shape=plaintext, fontcolor=gray40";
            default: return "shape=box, style=dashed";
        }
    }

    private static String value(double[] v, boolean collapsed) {
        return collapsed ? TraceText.compact(v, 6) : TraceText.numbers(v, 6, Integer.MAX_VALUE);
    }

    private static String escape(String label) {
        return label.replace("\"", "\\\"");
    }
}
