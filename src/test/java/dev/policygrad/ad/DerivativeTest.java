package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The symbolic derivatives of the textbook policies print as the textbooks write them (Sutton &amp;
 * Barto, 2nd ed., section 13.7 for the Gaussian; eq. 13.9 for the softmax in action preferences), and
 * take the values that forward mode, the compiled tape and finite differences give.
 */
class DerivativeTest {

    @Test
    void softmaxPolicyScoreIsOnehotMinusSoftmax() {
        Map<String, Node> grad = SymbolicDerivative.simplifiedGradient(Textbook.softmax(new Graph()));
        assertEquals("onehot(a, 2) - softmax(theta)", ExprPrinter.infix(grad.get("theta")));
        assertEquals("\\mathbf{e}_{a} - \\operatorname{softmax}\\left(\\theta\\right)",
                ExprPrinter.latex(grad.get("theta")));
    }

    @Test
    void linearSoftmaxScoreIsOuterProductWithTheState() {
        Map<String, Node> grad = SymbolicDerivative.simplifiedGradient(Textbook.linearSoftmax(new Graph()));
        assertEquals("outer(onehot(a, 3) - softmax(W @ s + b), s)", ExprPrinter.infix(grad.get("W")));
        assertEquals("onehot(a, 3) - softmax(W @ s + b)", ExprPrinter.infix(grad.get("b")));
        assertEquals("\\left(\\mathbf{e}_{a} - \\operatorname{softmax}\\left(W s + b\\right)\\right) s^\\top",
                ExprPrinter.latex(grad.get("W")));
        // printed together, the shared score vector is computed once
        assertEquals("let t1 = onehot(a, 3) - softmax(W @ s + b)\nW = outer(t1, s)\nb = t1", ExprPrinter.infix(grad));
        assertEquals("\\begin{aligned}\n"
                + "t_{1} &= \\mathbf{e}_{a} - \\operatorname{softmax}\\left(W s + b\\right) \\\\\n"
                + "W &= t_{1} s^\\top \\\\\n"
                + "b &= t_{1}\n"
                + "\\end{aligned}", ExprPrinter.latex(grad));
    }

    @Test
    void gaussianScoreShowsTheStandardizedResidualOverTheStd() {
        // (x - mean) / std / std, never / std^2, which underflows to 0 for std = 1e-300
        Map<String, Node> grad = SymbolicDerivative.simplifiedGradient(Textbook.gaussian(new Graph()));
        assertEquals("let t1 = exp(log_std)\n-((a + k * s) / t1 / t1 * s)", ExprPrinter.infix(grad.get("k")));
        assertEquals("((a + k * s) / exp(log_std)) ^ 2 - 1", ExprPrinter.infix(grad.get("log_std")));
        assertEquals("-\\left(\\frac{\\frac{a + k \\cdot s}{t_{1}}}{t_{1}} \\cdot s\\right) \\quad \\text{where } "
                + "t_{1} = \\exp\\left(\\mathit{log\\_std}\\right)", ExprPrinter.latex(grad.get("k")));
        assertEquals("{\\left(\\frac{a + k \\cdot s}{\\exp\\left(\\mathit{log\\_std}\\right)}\\right)}^{2} - 1",
                ExprPrinter.latex(grad.get("log_std")));
        assertEquals("let t1 = exp(log_std)\nlet t2 = (a + k * s) / t1\nk = -(t2 / t1 * s)\nlog_std = t2 ^ 2 - 1",
                ExprPrinter.infix(grad));
    }

    @Test
    void unsimplifiedDerivativeIsTheVjpSum() {
        Graph g = new Graph();
        Node logPi = Textbook.softmax(g);
        Map<Node.Param, Node> grad = SymbolicDerivative.gradient(logPi, g);
        assertEquals("-softmax(theta) + onehot(a, 2)", ExprPrinter.infix(grad.values().iterator().next()));
    }

    /** One textbook policy with its parameter count, state size and action count. */
    private record Case(String name, Node logPi, int parameterCount, int stateSize, int actions) {}

    private static List<Case> cases() {
        return List.of(new Case("softmax", Textbook.softmax(new Graph()), 2, 0, 2),
                new Case("linear softmax", Textbook.linearSoftmax(new Graph()), 9, 2, 3),
                new Case("gaussian", Textbook.gaussian(new Graph()), 2, 1, 0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void textbookGradientsAgreeWithForwardModeTapeAndFiniteDifferences(Backend backend) {
        SplittableRandom random = new SplittableRandom(7);
        for (Case c : cases()) {
            Graph g = new Graph();
            Map<Node.Param, Node> raw = SymbolicDerivative.gradient(c.logPi, g);
            Map<String, Node> simplified = SymbolicDerivative.simplifiedGradient(c.logPi);
            Program program = Program.compile(c.logPi, c.parameterCount);
            Tape tape = program.newTape(backend);
            for (int trial = 0; trial < 20; trial++) {
                double[] theta = random.doubles(c.parameterCount, -2, 2).toArray();
                double[] state = random.doubles(Math.max(1, c.stateSize), -2, 2).toArray();
                double action = c.actions > 0 ? random.nextInt(c.actions) : random.nextDouble(-3, 3);
                Map<String, double[]> inputs = TestEval.inputs(state, action);
                String where = c.name + " trial " + trial;

                double[] forward = ForwardMode.gradient(c.logPi, c.parameterCount, theta, state, action).gradient();
                double[] reverse = new double[c.parameterCount];
                tape.forward(theta, state, action);
                tape.backward(reverse);
                double[] symbolic = TestEval.flatten(raw, c.parameterCount, theta, inputs);
                double[] simple = TestEval.flattenByName(c.logPi, simplified, c.parameterCount, theta, inputs);

                TestEval.assertClose(forward, symbolic, 1e-10, where + ": symbolic vs forward mode");
                TestEval.assertClose(forward, simple, 1e-10, where + ": simplified vs forward mode");
                TestEval.assertClose(reverse, simple, 1e-10, where + ": simplified vs tape");
                TestEval.assertClose(TestEval.finiteDifferences(c.logPi, theta, inputs), simple, 1e-6,
                        where + ": simplified vs finite differences");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void simplifiedGradientCompilesToATapeGivingTheSameValues(Backend backend) {
        Node logPi = Textbook.linearSoftmax(new Graph());
        Map<String, Node> grad = SymbolicDerivative.simplifiedGradient(logPi);
        Program program = Program.compile(List.of(grad.get("W"), grad.get("b")), 9);
        Tape tape = program.newTape(backend);
        double[] theta = {0.3, -0.2, 1.1, 0.4, -0.7, 0.05, 0.2, -0.1, 0.6};
        double[] state = {0.5, -1.5};
        double[] expected = ForwardMode.gradient(logPi, 9, theta, state, 2).gradient();
        tape.forward(theta, state, 2);
        double[] actual = new double[9];
        double[] b = new double[3];
        tape.output(0, actual);
        tape.output(1, b);
        System.arraycopy(b, 0, actual, 6, 3);
        TestEval.assertClose(expected, actual, 1e-12, "tape of the symbolic gradient");
    }

    @Test
    void blocksWithoutAPathGetZeroOfTheirShape() {
        Graph g = new Graph();
        Node k = g.intern(Textbook.param("k", 0, Shape.SCALAR));
        Node v = g.intern(Textbook.param("v", 1, Shape.vector(3)));
        Node w = g.intern(Textbook.param("w", 4, Shape.vector(2)));
        // k only decides a branch and v only an index: neither gets an adjoint
        Node index = g.call(Ops.SUM, g.call(Ops.STEP, v));
        Node out = g.call(Ops.WHERE, g.call(Ops.GT, k, g.constant(0)), g.call(Ops.PICK, w, g.call(Ops.MIN, index,
                g.constant(1))), g.constant(2));
        Map<Node.Param, Node> grad = SymbolicDerivative.gradient(out, g);
        assertEquals(List.of("k", "v", "w"), grad.keySet().stream().map(Node.Param::name).toList());
        assertSame(g.filled(0, Shape.SCALAR), grad.get((Node.Param) k));
        assertSame(g.filled(0, Shape.vector(3)), grad.get((Node.Param) v));
        assertEquals("(k > 0) * onehot(min(sum(step(v)), 1), 2)",
                ExprPrinter.infix(Simplifier.simplify(grad.get((Node.Param) w), g)));
        Node.Param absent = Textbook.param("u", 6, Shape.matrix(2, 2));
        assertEquals("[[0, 0], [0, 0]]", ExprPrinter.infix(SymbolicDerivative.derivative(out, absent, g)));
    }

    @Test
    void deepExpressionsNeedNoDeepRecursion() {
        Graph g = new Graph();
        Node k = g.intern(Textbook.param("k", 0, Shape.SCALAR));
        Node x = k;
        for (int i = 0; i < 20_000; i++) x = g.add(g.call(Ops.SIN, x), k);
        Node d = SymbolicDerivative.derivative(x, (Node.Param) k, g);
        assertEquals(Shape.SCALAR, d.shape());
        Node chain = k;
        for (int i = 0; i < 20_000; i++) chain = g.add(chain, k);
        assertEquals("20001", ExprPrinter.infix(Simplifier.simplify(SymbolicDerivative.derivative(chain, (Node.Param) k, g), g)));
    }

    @Test
    void onlyScalarsAreDifferentiated() {
        Graph g = new Graph();
        Node v = g.intern(Textbook.param("v", 0, Shape.vector(3)));
        assertThrows(IllegalArgumentException.class, () -> SymbolicDerivative.gradient(g.call(Ops.EXP, v), g));
    }
}
