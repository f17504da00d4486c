package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * For teaching: the tape after a forward and a backward sweep, as the table a textbook draws for
 * reverse mode (Griewank and Walther's evaluation trace, micrograd's graph). Each row is one
 * instruction in evaluation order, with its inputs, its value {@code v}, the local partials
 * {@code d v / d input} of every input that takes an adjoint, its adjoint {@code v_bar = d output0 / d v},
 * and its place in the backward sweep; {@link TraceText} and {@link TraceDot} render it.
 *
 * <p>The local partials come from each primitive's forward-mode rule (Commons Math
 * {@link DerivativeStructure}), an independent route to the numbers the reverse sweep multiplies by:
 * {@code input_bar = sum over rows using it of partial * v_bar} (the vector-Jacobian product). Where the
 * sweep multiplies by other numbers (a normal density with a log std passes an overflowing share for
 * sigma = exp(l) on to l, chain-ruled), the row shows those, with the reason, so that the sum still holds.
 *
 * @param rows   one per instruction, in evaluation order
 * @param leaves the parameters (in declaration order), then the state, the action and the constants
 */
public record Trace(List<Row> rows, List<Leaf> leaves) {

    /**
     * What {@code policygrad derive --trace} prints: {@link TraceText} with this thread's digits
     * ({@link dev.policygrad.render.Text#digits()}: every digit outside a command) and vectors elided past
     * {@link TraceText#DEFAULT_WIDTH} characters.
     */
    @Override
    public String toString() {
        return TraceText.render(this, dev.policygrad.render.Text.digits(), TraceText.DEFAULT_WIDTH);
    }

    /** Larger Jacobians are not computed for display (they would not be read). */
    static final int MAX_JACOBIAN = 4096;

    /**
     * One instruction: {@code %index = op(inputs)}, with its value and adjoint (row-major).
     *
     * @param partials      per input, the Jacobian {@code d v / d input} (rows: elements of v, row-major),
     *                      or null when the input takes no adjoint or the Jacobian is too large
     * @param backwardStep  1 for the first instruction the reverse sweep visits, 2 for the next, ...;
     *                      0 when the sweep skips it (it does not depend on a parameter)
     * @param rerouted      null when {@code partials} are {@code d v / d input}; otherwise why they are the
     *                      ones the sweep multiplied by instead ({@link dev.policygrad.ir.Op#rerouted})
     */
    public record Row(int index, String op, List<String> inputs, int register, double[] value, double[] adjoint,
            Span span, List<double[][]> partials, int backwardStep, String rerouted) {}

    /** A parameter block, input or constant, with its value and (for parameters) its gradient. */
    public record Leaf(String name, String kind, int register, double[] value, double[] adjoint) {}

    /**
     * The trace of {@code tape}'s last forward (and backward, if one followed) sweep. Both backends
     * keep every register in the same arrays, so either can be traced.
     */
    public static Trace of(Tape tape) {
        Program program = tape.program();
        ArrayTape registers = (ArrayTape) tape;
        registers.adjointsToRegisters();
        double[] v = registers.v, bar = registers.bar;
        Map<Node, Integer> instructionOf = new HashMap<>();
        for (int i = 0; i < program.instructionCount(); i++) instructionOf.put(program.node(i), i);
        int[] schedule = program.backwardSchedule();
        int[] step = new int[program.instructionCount()];
        for (int k = 0; k < schedule.length; k++) step[schedule[k]] = k + 1;
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
            double[] adjoint = Arrays.copyOfRange(bar, r, r + n);
            List<double[][]> partials = partials(program, i, node, v);
            Op.Rerouted rerouted = node.op().rerouted(arguments(program, i, node, v), adjoint, partials, inputs);
            rows.add(new Row(i, node.op().name(), inputs, r, Arrays.copyOfRange(v, r, r + n), adjoint, node.span(),
                    rerouted == null ? partials : rerouted.partials(), step[i], rerouted == null ? null : rerouted.reason()));
        }
        for (Node output : program.outputs()) {
            if (!instructionOf.containsKey(output)) {
                leaves.computeIfAbsent(output, a -> leaf(a, program.register(a), v, bar));
            }
        }
        List<Leaf> ordered = new ArrayList<>(leaves.values());
        // parameters in declaration order (their registers are their offsets), then inputs, then constants
        ordered.sort(Comparator.comparingInt(Trace::kindRank).thenComparingInt(Leaf::register));
        return new Trace(rows, ordered);
    }

    private static int kindRank(Leaf leaf) {
        switch (leaf.kind()) {
            case "parameter": return 0;
            case "state": return 1;
            case "action": return 2;
            case "constant": return 4;
            default: return 3;
        }
    }

    /** The values of the instruction's arguments. */
    private static List<double[]> arguments(Program program, int instruction, Node.Apply node, double[] v) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < node.args().size(); k++) {
            int register = program.argRegister(instruction, k);
            out.add(Arrays.copyOfRange(v, register, register + node.arg(k).shape().size()));
        }
        return out;
    }

    /** Per argument, d value / d argument by the primitive's forward-mode rule; null where no adjoint flows. */
    private static List<double[][]> partials(Program program, int instruction, Node.Apply node, double[] v) {
        int arity = node.args().size();
        List<double[][]> out = new ArrayList<>();
        int variables = 0;
        boolean any = false;
        for (int k = 0; k < arity; k++) {
            boolean needs = program.argNeedsAdjoint(instruction, k);
            any |= needs;
            if (needs) variables += node.arg(k).shape().size();
        }
        int n = node.shape().size();
        if (!any || (long) variables * n > MAX_JACOBIAN) {
            for (int k = 0; k < arity; k++) out.add(null);
            return out;
        }
        List<DerivativeStructure[]> args = new ArrayList<>();
        int[] first = new int[arity];
        int next = 0;
        for (int k = 0; k < arity; k++) {
            int size = node.arg(k).shape().size(), register = program.argRegister(instruction, k);
            boolean needs = program.argNeedsAdjoint(instruction, k);
            first[k] = needs ? next : -1;
            DerivativeStructure[] values = new DerivativeStructure[size];
            for (int j = 0; j < size; j++) {
                values[j] = needs ? new DerivativeStructure(variables, 1, next++, v[register + j])
                        : new DerivativeStructure(variables, 1, v[register + j]);
            }
            args.add(values);
        }
        DerivativeStructure[] y;
        try {
            y = node.op().forwardMode(args, node);
        } catch (RuntimeException notDefinedHere) {
            for (int k = 0; k < arity; k++) out.add(null);
            return out;
        }
        int[] orders = new int[variables];
        for (int k = 0; k < arity; k++) {
            if (first[k] < 0) {
                out.add(null);
                continue;
            }
            int size = node.arg(k).shape().size();
            double[][] jacobian = new double[n][size];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < size; j++) {
                    orders[first[k] + j] = 1;
                    jacobian[i][j] = y[i].getPartialDerivative(orders);
                    orders[first[k] + j] = 0;
                }
            }
            out.add(jacobian);
        }
        return out;
    }

    private static Leaf leaf(Node node, int register, double[] v, double[] bar) {
        int n = node.shape().size();
        double[] value = Arrays.copyOfRange(v, register, register + n);
        if (node instanceof Node.Param p) {
            return new Leaf(p.name(), "parameter", register, value, Arrays.copyOfRange(bar, register, register + n));
        }
        if (node instanceof Node.Input in) return new Leaf(in.name(), in.kind().name().toLowerCase(Locale.ROOT),
                register, value, null);
        return new Leaf(TraceText.numbers(value, 6, 40), "constant", register, value, null);
    }

    /** The table as text, 6 significant digits (see {@link TraceText}). */
    public String toText() {
        return TraceText.render(this, 6, TraceText.DEFAULT_WIDTH);
    }

    /** The computation graph in Graphviz DOT, vector values collapsed (see {@link TraceDot}). */
    public String toDot() {
        return TraceDot.render(this, true);
    }
}
