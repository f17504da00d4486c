package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.ast.Span;
import dev.policygrad.check.Checker;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Score;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprPrinterTest {

    private final Graph g = new Graph();
    private final Node x = g.intern(Textbook.param("x", 0, Shape.SCALAR));
    private final Node y = g.intern(Textbook.param("y", 1, Shape.SCALAR));
    private final Node z = g.intern(Textbook.param("z", 2, Shape.SCALAR));
    private final Node theta = g.intern(Textbook.param("theta", 3, Shape.vector(3)));
    private final Node a = g.intern(Textbook.action());

    private Node op(dev.policygrad.ir.Op op, Node... args) {
        return g.apply(op, Span.NONE, args);
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "-1, -1", "0.5, 0.5", "-0.0, 0", "1e-5, 1.0E-5", "1e20, 1.0E20", "3.25, 3.25"})
    void numbersHaveNoTrailingZero(double value, String printed) {
        assertEquals(printed, ExprPrinter.number(value));
    }

    @ParameterizedTest
    @CsvSource({"theta, \\theta", "theta_1, \\theta_{1}", "mu_a, \\mu_{a}", "sigma, \\sigma", "W, W", "x2, x_{2}",
            "log_std, \\mathit{log\\_std}", "state, \\mathit{state}", "Omega, \\Omega"})
    void latexNames(String name, String latex) {
        assertEquals(latex, ExprPrinter.name(name, true));
        assertEquals(name, ExprPrinter.name(name, false));
    }

    @Test
    void parenthesesOnlyWhereThePrecedenceNeedsThem() {
        assertEquals("(x + y) * z", ExprPrinter.infix(op(Ops.MUL, op(Ops.ADD, x, y), z)));
        assertEquals("x + y * z", ExprPrinter.infix(op(Ops.ADD, x, op(Ops.MUL, y, z))));
        assertEquals("x - (y - z)", ExprPrinter.infix(op(Ops.SUB, x, op(Ops.SUB, y, z))));
        assertEquals("x - y - z", ExprPrinter.infix(op(Ops.SUB, op(Ops.SUB, x, y), z)));
        assertEquals("x ^ y ^ z", ExprPrinter.infix(op(Ops.POW, x, op(Ops.POW, y, z))));
        assertEquals("(x ^ y) ^ z", ExprPrinter.infix(op(Ops.POW, op(Ops.POW, x, y), z)));
        assertEquals("-x ^ 2", ExprPrinter.infix(op(Ops.NEG, op(Ops.POW, x, g.constant(2)))));
        assertEquals("(-x) ^ 2", ExprPrinter.infix(op(Ops.POW, op(Ops.NEG, x), g.constant(2))));
        assertEquals("x * -2", ExprPrinter.infix(op(Ops.MUL, x, g.constant(-2))));
        assertEquals("\\frac{x + y}{z}", ExprPrinter.latex(op(Ops.DIV, op(Ops.ADD, x, y), z)));
        assertEquals("\\left(x + y\\right) \\cdot z", ExprPrinter.latex(op(Ops.MUL, op(Ops.ADD, x, y), z)));
    }

    /** The language has no literal for Infinity or NaN: printing one as text would not read back. */
    @Test
    void aNonFiniteConstantIsNeverPrintedAsATokenThatDoesNotReadBack() {
        for (double v : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            Node formula = op(Ops.MUL, g.constant(v), x);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> ExprPrinter.infix(formula));
        }
        assertEquals("\\infty \\cdot x", ExprPrinter.latex(op(Ops.MUL, g.constant(Double.POSITIVE_INFINITY), x)));
    }

    @Test
    void constantsPrintAsLiterals() {
        assertEquals("[1, 0.5, -2]", ExprPrinter.infix(g.constant(new double[] {1, 0.5, -2}, Shape.vector(3))));
        assertEquals("[[1, 2], [3, 4]]", ExprPrinter.infix(g.constant(new double[] {1, 2, 3, 4}, Shape.matrix(2, 2))));
        // a basis vector as onehot(k, n) where that is shorter than the literal
        assertEquals("[0, 1]", ExprPrinter.infix(g.constant(new double[] {0, 1}, Shape.vector(2))));
        assertEquals("[0, 0, 0, 1]", ExprPrinter.infix(g.constant(new double[] {0, 0, 0, 1}, Shape.vector(4))));
        assertEquals("onehot(2, 5)", ExprPrinter.infix(g.constant(new double[] {0, 0, 1, 0, 0}, Shape.vector(5))));
        assertEquals("\\mathbf{e}_{2}", ExprPrinter.latex(g.constant(new double[] {0, 0, 1, 0, 0}, Shape.vector(5))));
        assertEquals("[0, 1, 1, 0, 0]", ExprPrinter.infix(g.constant(new double[] {0, 1, 1, 0, 0}, Shape.vector(5))));
        assertEquals("[0, 2, 0, 0, 0]", ExprPrinter.infix(g.constant(new double[] {0, 2, 0, 0, 0}, Shape.vector(5))));
        assertEquals("\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}",
                ExprPrinter.latex(g.constant(new double[] {1, 2, 3, 4}, Shape.matrix(2, 2))));
    }

    @Test
    void sharedWorkIsBoundOnceAndCheapLeavesAreRepeated() {
        Node p = op(Ops.SOFTMAX, theta);
        Node pick = op(Ops.PICK, theta, a);
        Node expr = op(Ops.ADD, op(Ops.MUL, p, op(Ops.SUB, p, op(Ops.EXP, pick))), op(Ops.EXP, pick));
        assertEquals("let t1 = softmax(theta)\nlet t2 = exp(theta[a])\nt1 * (t1 - t2) + t2", ExprPrinter.infix(expr));
        assertEquals("t_{1} \\cdot \\left(t_{1} - t_{2}\\right) + t_{2} \\quad \\text{where } "
                + "t_{1} = \\operatorname{softmax}\\left(\\theta\\right),\\; t_{2} = \\exp\\left({\\theta}_{a}\\right)",
                ExprPrinter.latex(expr));
        assertEquals("theta[a] * theta[a]", ExprPrinter.infix(op(Ops.MUL, pick, pick)));
    }

    /**
     * A chain of n additions prints in time and text linear in n. Printing each partial sum's text into the next
     * once copied 10 n^2 / 2 characters here (8 billion for n = 40,000, beyond the printer's limit).
     */
    @Test
    void aLongChainOfAdditionsIsPrintedWithoutCopyingItsPartialSums() {
        int n = 40_000;
        Node sum = x;
        StringBuilder infix = new StringBuilder("sum([x"), latex = new StringBuilder("x");
        for (int i = 1; i < n; i++) {
            sum = op(Ops.ADD, sum, op(Ops.MUL, g.constant(i), y));
            infix.append(", ").append(i).append(" * y");
            latex.append(" + ").append(i).append(" \\cdot y");
        }
        assertEquals(infix.append("])").toString(), ExprPrinter.infix(sum));
        assertEquals(latex.toString(), ExprPrinter.latex(sum));
    }

    /**
     * A sum of more than {@link ExprPrinter#LONG_SUM} scalars prints as the sum of a vector of its terms, a term
     * subtracted as its negation (exactly the same additions); up to that many, as a chain. LaTeX keeps the chain.
     */
    @Test
    void aLongSumOfScalarsPrintsAsTheSumOfAVectorOfItsTerms() {
        for (int n : new int[] {ExprPrinter.LONG_SUM, ExprPrinter.LONG_SUM + 1}) {
            Node sum = x;
            StringBuilder chain = new StringBuilder("x"), vector = new StringBuilder("sum([x");
            for (int i = 1; i < n; i++) {
                Node term = op(Ops.MUL, g.constant(i), y);
                sum = op(i % 2 == 0 ? Ops.SUB : Ops.ADD, sum, term);
                chain.append(i % 2 == 0 ? " - " : " + ").append(i).append(" * y");
                vector.append(i % 2 == 0 ? ", -(" + i + " * y)" : ", " + i + " * y");
            }
            String expected = n > ExprPrinter.LONG_SUM ? vector.append("])").toString() : chain.toString();
            assertEquals(expected, ExprPrinter.infix(sum));
            assertEquals(chain.toString().replace(" * ", " \\cdot "), ExprPrinter.latex(sum));
        }
    }

    /**
     * A formula nested deeper than {@link ExprPrinter#MAX_NESTING} levels is cut by a {@code let}, so that the text
     * reads back: the parser takes at most 1000 levels.
     */
    @Test
    void aDeeplyNestedFormulaIsCutByLets() {
        Node nested = x;
        for (int i = 0; i < 250; i++) nested = op(Ops.SIN, nested);
        String sines = "sin(".repeat(ExprPrinter.MAX_NESTING), closed = ")".repeat(ExprPrinter.MAX_NESTING);
        assertEquals("let t1 = " + sines + "x" + closed + "\n"
                + "let t2 = " + sines + "t1" + closed + "\n"
                + "sin(".repeat(50) + "t2" + ")".repeat(50), ExprPrinter.infix(nested));
    }

    /**
     * The derivative of a sum of 3000 terms, as {@code derive} prints it, reads back to reverse mode's gradient:
     * printed as a chain, it nested 3000 levels and did not parse.
     */
    @Test
    void theDerivativeOfALongSumAsDerivePrintsItReadsBackToReverseModesGradient() {
        String declarations = "action a in {x, y}\nparam t[10] = 0.1\n";
        String policy = "policy log pi(a | s) = log_softmax([sum(i in 0..2999, sin(t[0] * i) * t[1] ^ i), 0])[a]\n";
        assertDerivedTextReadsBack(declarations, policy, 3000 * 300);
    }

    /**
     * A sum over a block's 1500 elements: each term of its derivative is e_i times a scalar, printed as
     * {@code onehot(i, 1500)}. As the literal {@code [0, 0, ..., 1, ..., 0]} it took 4500 characters a term, 6.7
     * million in all, more than a file may hold.
     */
    @Test
    void theDerivativeOfASumOverABlockIsTextLinearInTheBlocksSize() {
        String declarations = "action a in {x, y}\nparam w[1500] = 0.5\n";
        String policy = "policy log pi(a | s) = log_softmax([sum(i in 0..1499, sin(w[i] * i / 1500)), 0])[a]\n";
        assertDerivedTextReadsBack(declarations, policy, 1500 * 200);
    }

    /**
     * Derives the policy, prints its derivative as {@code derive} does (at most {@code maxLength} characters), reads
     * each printed part back and checks it against reverse mode's log pi and gradient at action x, to 1e-12 relative.
     */
    private static void assertDerivedTextReadsBack(String declarations, String policy, int maxLength) {
        Workspace w = PolicyGrad.parse(declarations + policy);
        String printed = w.derivative().infix();
        org.junit.jupiter.api.Assertions.assertTrue(printed.length() < maxLength, "printed " + printed.length());
        Score reverse = w.score("x");
        double[] readBack = null;
        for (String section : printed.split("\n\n")) {
            StringBuilder source = new StringBuilder(declarations);
            for (String line : section.split("\n")) {
                String expr = line.substring(line.indexOf(" = ") + 3);
                source.append(line.startsWith("let ") ? line : "claim printed: " + expr + " = " + expr).append('\n');
            }
            Node formula = Checker.check(Parser.parse("derived.pg", source.toString())).claims().get(0).lhs();
            Tape tape = Program.compile(formula, w.theta().length).newTape();
            tape.forward(w.theta(), new double[0], new double[] {0}, 0);
            double[] value = new double[formula.shape().size()];
            tape.output(0, value);
            if (section.contains("\nlog pi = ") || section.startsWith("log pi = ")) {
                assertEquals(reverse.logPi(), value[0], 1e-12 * Math.abs(reverse.logPi()));
            } else {
                readBack = value;
            }
        }
        assertEquals(reverse.gradient().length, readBack.length);
        for (int i = 0; i < readBack.length; i++) {
            assertEquals(reverse.gradient()[i], readBack[i], 1e-12 * Math.abs(reverse.gradient()[i]), "element " + i);
        }
    }

    @Test
    void bindingNamesAvoidParameterNames() {
        Node t1 = g.intern(Textbook.param("t1", 6, Shape.SCALAR));
        Node e = op(Ops.EXP, t1);
        assertEquals("let t2 = exp(t1)\nt2 * t2", ExprPrinter.infix(op(Ops.MUL, e, e)));
    }

    @Test
    void namedExpressionsShareBindingsAndKeepTheirOrder() {
        Node e = op(Ops.EXP, x);
        Map<String, Node> named = new LinkedHashMap<>();
        named.put("dy", op(Ops.MUL, e, y));
        named.put("dx", e);
        named.put("dz", z);
        assertEquals("let t1 = exp(x)\ndy = t1 * y\ndx = t1\ndz = z", ExprPrinter.infix(named));
    }
}
