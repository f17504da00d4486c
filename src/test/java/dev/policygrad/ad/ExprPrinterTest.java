package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
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
        StringBuilder infix = new StringBuilder("x"), latex = new StringBuilder("x");
        for (int i = 1; i < n; i++) {
            sum = op(Ops.ADD, sum, op(Ops.MUL, g.constant(i), y));
            infix.append(" + ").append(i).append(" * y");
            latex.append(" + ").append(i).append(" \\cdot y");
        }
        assertEquals(infix.toString(), ExprPrinter.infix(sum));
        assertEquals(latex.toString(), ExprPrinter.latex(sum));
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
