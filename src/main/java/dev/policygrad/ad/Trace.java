package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * For teaching: the tape after a forward and a backward sweep, as the table a textbook draws for
 * reverse mode (Griewank and Walther's evaluation trace, micrograd's graph). Each row is one
 * instruction in evaluation order, with its inputs, its value {@code v} and its adjoint
 * {@code v_bar = d output0 / d v}; reading the rows bottom-up replays the reverse sweep.
 *
 * @param rows   one per instruction, in evaluation order
 * @param leaves the parameters, inputs and constants the instructions read
 */
public record Trace(List<Row> rows, List<Leaf> leaves) {

    /** One instruction: {@code %index = op(inputs)}, with its value and adjoint (row-major). */
    public record Row(int index, String op, List<String> inputs, int register, double[] value, double[] adjoint,
            Span span) {}

    /** A parameter block, input or constant, with its value and (for parameters) its gradient. */
    public record Leaf(String name, String kind, int register, double[] value, double[] adjoint) {}

    /**
     * The trace of {@code tape}'s last forward (and backward, if one followed) sweep. Both backends
     * keep every register in the same arrays, so either can be traced.
     */
    public static Trace of(Tape tape) {
        Program program = tape.program();
        ArrayTape registers = (ArrayTape) tape;
        double[] v = registers.v, bar = registers.bar;
        Map<Node, Integer> instructionOf = new HashMap<>();
        for (int i = 0; i < program.instructionCount(); i++) instructionOf.put(program.node(i), i);
        Map<Node, Leaf> leaves = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < program.instructionCount(); i++) {
            Node.Apply node = (Node.Apply) program.node(i);
            List<String> inputs = new ArrayList<>();
            for (Node arg : node.args()) {
                Integer k = instructionOf.get(arg);
                if (k != null) {
                    inputs.add("%" + k);
                } else {
                    Leaf leaf = leaves.computeIfAbsent(arg, a -> leaf(a, program.register(a), v, bar));
                    inputs.add(leaf.name());
                }
            }
            int r = program.outputRegisterOf(i), n = node.shape().size();
            rows.add(new Row(i, node.op().name(), inputs, r, Arrays.copyOfRange(v, r, r + n),
                    Arrays.copyOfRange(bar, r, r + n), node.span()));
        }
        for (Node output : program.outputs()) {
            if (!instructionOf.containsKey(output)) {
                leaves.computeIfAbsent(output, a -> leaf(a, program.register(a), v, bar));
            }
        }
        return new Trace(rows, new ArrayList<>(leaves.values()));
    }

    private static Leaf leaf(Node node, int register, double[] v, double[] bar) {
        int n = node.shape().size();
        double[] value = Arrays.copyOfRange(v, register, register + n);
        if (node instanceof Node.Param p) {
            return new Leaf(p.name(), "parameter", register, value, Arrays.copyOfRange(bar, register, register + n));
        }
        if (node instanceof Node.Input in) return new Leaf(in.name(), in.kind().name().toLowerCase(Locale.ROOT),
                register, value, null);
        return new Leaf(format(value), "constant", register, value, null);
    }

    /** The table as text: one line per instruction. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        for (Leaf leaf : leaves) {
            out.append(String.format(Locale.ROOT, "%-6s %-10s %-28s v = %s", "", leaf.kind(), leaf.name(),
                    format(leaf.value())));
            if (leaf.adjoint() != null) out.append("   v_bar = ").append(format(leaf.adjoint()));
            out.append('\n');
        }
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-6s %-10s %-28s v = %s   v_bar = %s%n", "%" + row.index(),
                    row.op(), String.join(", ", row.inputs()), format(row.value()), format(row.adjoint())));
        }
        return out.toString();
    }

    /**
     * The computation graph in Graphviz DOT: one box per parameter, input and constant, one ellipse per
     * instruction, each labelled with its op, value and adjoint; edges point from arguments to uses.
     */
    public String toDot() {
        StringBuilder out = new StringBuilder("digraph tape {\n  rankdir=LR;\n  node [fontname=\"monospace\"];\n");
        Map<String, String> ids = new HashMap<>();
        for (int k = 0; k < leaves.size(); k++) {
            Leaf leaf = leaves.get(k);
            String id = "leaf" + k;
            ids.put(leaf.name(), id);
            String label = leaf.name() + "\\nv = " + format(leaf.value())
                    + (leaf.adjoint() == null ? "" : "\\nv_bar = " + format(leaf.adjoint()));
            out.append("  ").append(id).append(" [shape=box, label=\"").append(escape(label)).append("\"];\n");
        }
        for (Row row : rows) {
            String label = "%" + row.index() + " " + row.op() + "\\nv = " + format(row.value()) + "\\nv_bar = "
                    + format(row.adjoint());
            out.append("  i").append(row.index()).append(" [label=\"").append(escape(label)).append("\"];\n");
            for (String input : row.inputs()) {
                String from = input.startsWith("%") ? "i" + input.substring(1) : ids.get(input);
                out.append("  ").append(from).append(" -> i").append(row.index()).append(";\n");
            }
        }
        return out.append("}\n").toString();
    }

    private static String escape(String label) {
        return label.replace("\"", "\\\"");
    }

    /** A scalar as {@code 0.5}, a longer value as {@code [0.5, 1, ...]} (at most six elements). */
    static String format(double[] values) {
        if (values.length == 1) return format(values[0]);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Math.min(values.length, 6); i++) out.append(i == 0 ? "" : ", ").append(format(values[i]));
        return out.append(values.length > 6 ? ", ...]" : "]").toString();
    }

    private static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.6g", x);
    }
}
