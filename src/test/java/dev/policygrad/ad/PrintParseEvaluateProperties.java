package dev.policygrad.ad;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import dev.policygrad.parse.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Everything {@code derive} prints reads back: random expressions and their simplified derivatives
 * are printed (the {@code let} lines included, as {@code derive} prints them), the text is parsed and
 * checked as a program (each printed expression the side of a {@code claim}), and the parsed formula evaluates to the printed one's value at the point,
 * to 1e-12 relative (the printed constants round-trip exactly; only the order of operations may differ).
 */
class PrintParseEvaluateProperties {

    private static final String DECLARATIONS = "param p0\nparam p1[3]\nparam p2[2][3]\nparam p3[2]\nstate s[3]\naction a[2] : real\n";

    @Property(tries = 150, seed = "20261130")
    boolean printedExpressionsParseBackToTheSameValues(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int steps) {
        Expressions e = new Expressions(seed);
        Node output = RandomExpressionProperties.randomExpression(e, steps);
        Map<String, Node> printedForms = new LinkedHashMap<>();
        printedForms.put("log_pi", output);
        printedForms.putAll(SymbolicDerivative.simplifiedGradient(output));
        for (Map.Entry<String, Node> form : printedForms.entrySet()) {
            String text = ExprPrinter.infix(form.getValue());
            assertSameValue(e, form.getValue(), readBack(text), text);
        }
        // the joint form derive prints: shared lets, then one "block = expr" line per block
        Map<String, Node> blocks = SymbolicDerivative.simplifiedGradient(output);
        String joint = ExprPrinter.infix(blocks);
        List<String> lines = new ArrayList<>();
        for (String line : joint.split("\n")) {
            // "p0 = expr" becomes a claim whose left side is the printed derivative
            lines.add(line.startsWith("let ") ? line : "claim d_" + line.replaceFirst(" = ", ": ") + " = "
                    + line.substring(line.indexOf(" = ") + 3));
        }
        String source = DECLARATIONS + String.join("\n", lines) + "\n";
        CheckedProgram program = Checker.check(Parser.parse("printed.pg", source));
        int k = 0;
        for (Map.Entry<String, Node> block : blocks.entrySet()) {
            assertSameValue(e, block.getValue(), program.claims().get(k++).lhs(), joint);
        }
        return true;
    }

    /**
     * Long sums read back too, to the same values: a sum of more than {@link ExprPrinter#LONG_SUM} scalars prints as
     * {@code sum([...])} (the same additions in the same order), and a longer run of vector additions or a deeper
     * nesting is cut by {@code let}s, so no printed formula nests beyond what the parser reads. A sum of n terms
     * printed as a chain nests n levels; past 1000 it did not parse back.
     */
    @Property(tries = 8, seed = "20261202")
    boolean longSumsParseBackToTheSameValues(@ForAll long seed, @ForAll @IntRange(min = 1001, max = 2000) int terms) {
        Expressions e = new Expressions(seed);
        Graph g = e.g;
        Shape s = Shape.SCALAR;
        Node p0 = e.param(s, -1.5, 1.5), p1 = e.param(Shape.vector(3), -1.5, 1.5);
        Node p2 = e.param(Shape.matrix(2, 3), -1.5, 1.5), p3 = e.param(Shape.vector(2), -1.5, 1.5);
        Node state = e.state(3), action = e.actionVector(0.3, -0.7);
        Node[] vectors = {p1, state, g.call(Ops.VECMAT, p3, p2)};
        Node scalars = null, vectors3 = null, nested = p0;
        for (int i = 0; i < terms; i++) {
            Node c = e.constant(Math.round(20 * e.random.nextDouble() - 10) / 4.0);
            Node term = switch (e.random.nextInt(4)) {
                case 0 -> g.call(Ops.MUL, c, g.call(Ops.SIN, g.call(Ops.MUL, e.constant(i), p0)));
                case 1 -> g.call(Ops.MUL, g.call(Ops.PICK, p1, e.constant(i % 3)), g.call(Ops.PICK, state, e.constant((i / 3) % 3)));
                case 2 -> g.call(Ops.TANH, g.call(Ops.ADD, g.call(Ops.PICK, g.call(Ops.MATVEC, p2, state), e.constant(i % 2)), c));
                default -> g.call(Ops.MUL, g.call(Ops.PICK, p3, e.constant(i % 2)), g.call(Ops.PICK, action, e.constant((i + 1) % 2)));
            };
            scalars = scalars == null ? term : g.call(e.random.nextBoolean() ? Ops.ADD : Ops.SUB, scalars, term);
            Node vector = g.call(Ops.MUL, vectors[i % 3], g.call(Ops.COS, g.call(Ops.MUL, c, term)));
            vectors3 = vectors3 == null ? vector : g.call(e.random.nextBoolean() ? Ops.ADD : Ops.SUB, vectors3, vector);
            // a formula nested 250 levels deep, each level used once
            if (i < 250) nested = g.call(List.of(Ops.SIN, Ops.TANH, Ops.SIGMOID).get(i % 3), g.call(Ops.ADD, nested, c));
        }
        Node output = g.call(Ops.ADD, g.call(Ops.ADD, scalars, e.scalar(vectors3)), nested);
        Map<String, Node> printedForms = new LinkedHashMap<>();
        printedForms.put("log_pi", output);
        printedForms.putAll(SymbolicDerivative.simplifiedGradient(output));
        for (Map.Entry<String, Node> form : printedForms.entrySet()) {
            String text = ExprPrinter.infix(form.getValue());
            assertSameValue(e, form.getValue(), readBack(text), text.substring(0, Math.min(text.length(), 2000)));
        }
        return true;
    }

    private static Node readBack(String printed) {
        String[] lines = printed.split("\n");
        StringBuilder source = new StringBuilder(DECLARATIONS);
        for (int i = 0; i < lines.length - 1; i++) source.append(lines[i]).append('\n');
        String last = lines[lines.length - 1];
        source.append("claim printed: ").append(last).append(" = ").append(last).append('\n');
        CheckedProgram program = Checker.check(Parser.parse("printed.pg", source.toString()));
        return program.claims().get(0).lhs();
    }

    private static void assertSameValue(Expressions e, Node expected, Node parsed, String text) {
        if (!expected.shape().equals(parsed.shape())) {
            throw new AssertionError("shape " + parsed.shape() + " read back, " + expected.shape() + " printed:\n" + text);
        }
        double[] want = evaluate(e, expected), got = evaluate(e, parsed);
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i] - got[i]) > 1e-12 * (1 + Math.abs(want[i])) && !(Double.isNaN(want[i]) && Double.isNaN(got[i]))) {
                throw new AssertionError("element " + i + ": " + got[i] + " read back, " + want[i] + " printed:\n" + text);
            }
        }
    }

    private static double[] evaluate(Expressions e, Node node) {
        Tape tape = Program.compile(node, e.parameterCount()).newTape();
        tape.forward(e.theta(), e.state, e.action, 0);
        double[] out = new double[node.shape().size()];
        tape.output(0, out);
        return out;
    }
}
