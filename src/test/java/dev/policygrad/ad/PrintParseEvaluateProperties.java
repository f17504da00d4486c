package dev.policygrad.ad;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.ir.Node;
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
