package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The partials of u / v where v^2 underflows (|v| &lt; 1.5e-154): d/du = 1 / v and d/dv = -u / v^2, both
 * finite doubles at u = v = 1e-160 (1e160 and -1e160) and at u = 1e-180, v = 1e-200 (1e200 and -1e220).
 * Written -u / v^2 they came out -Infinity (the trace and the symbolic derivative) and NaN (forward mode);
 * every mode must now give them to rounding, checked against the exact values of the doubles u and v in
 * 40-digit decimal arithmetic.
 */
class QuotientPartialsTest {

    private static final MathContext DIGITS = new MathContext(40);

    /** d(u/v)/du and d(u/v)/dv at the doubles u and v, exactly (to 40 digits), then rounded to doubles. */
    private static double[] exact(double u, double v) {
        BigDecimal bu = new BigDecimal(u), bv = new BigDecimal(v);
        return new double[] {BigDecimal.ONE.divide(bv, DIGITS).doubleValue(),
                bu.divide(bv.multiply(bv), DIGITS).negate().doubleValue()};
    }

    /** Two roundings (the quotient, then divided by v): within a few units in the last place. */
    private static void assertClose(double[] expected, double[] actual, String mode) {
        for (int i = 0; i < 2; i++) {
            assertTrue(Double.isFinite(actual[i]), mode + ": partial " + i + " is " + actual[i]);
            assertEquals(expected[i], actual[i], 4 * Math.ulp(expected[i]), mode + ": partial " + i);
        }
    }

    private record Quotient(Graph g, Node u, Node v, Node output) {
        static Quotient build() {
            Graph g = new Graph();
            Node u = g.intern(new Node.Param("u", 0, Shape.SCALAR, Span.NONE));
            Node v = g.intern(new Node.Param("v", 1, Shape.SCALAR, Span.NONE));
            return new Quotient(g, u, v, g.div(u, v));
        }
    }

    @ParameterizedTest(name = "u = {0}, v = {1}")
    @CsvSource({"1e-160, 1e-160", "1e-180, 1e-200", "-3e-170, 7e-190"})
    void everyModeGivesTheExactPartials(double u, double v) {
        double[] expected = exact(u, v);
        double[] theta = {u, v};
        Quotient q = Quotient.build();
        Program program = Program.compile(q.output(), 2);
        for (Backend backend : Backend.values()) {
            Tape tape = program.newTape(backend);
            tape.forward(theta, new double[0], 0);
            double[] gradient = new double[2];
            tape.backward(gradient);
            assertClose(expected, gradient, "reverse mode on the " + backend.label());

            // the trace's local partials of the one division, d v / d u and d v / d v
            Trace trace = Trace.of(tape);
            List<double[][]> partials = trace.rows().get(0).partials();
            assertClose(expected, new double[] {partials.get(0)[0][0], partials.get(1)[0][0]},
                    "the trace's local partials on the " + backend.label());
        }

        ForwardMode.Result forward = ForwardMode.gradient(q.output(), 2, theta, new double[0], 0);
        assertClose(expected, forward.gradient(), "forward mode");

        Map<String, double[]> inputs = TestEval.inputs(new double[0], 0);
        Map<Node.Param, Node> symbolic = SymbolicDerivative.gradient(q.output(), q.g());
        assertClose(expected, TestEval.flatten(symbolic, 2, theta, inputs), "the symbolic derivative");
        Map<String, Node> simplified = SymbolicDerivative.simplifiedGradient(q.output());
        assertClose(expected, TestEval.flattenByName(q.output(), simplified, 2, theta, inputs),
                "the simplified symbolic derivative");
    }

    /** The printed derivative divides the quotient by v; it squared v, which underflows. */
    @Test
    void thePrintedDerivativeDividesTheQuotientByV() {
        Quotient q = Quotient.build();
        Map<String, Node> simplified = SymbolicDerivative.simplifiedGradient(q.output());
        assertEquals("1 / v", ExprPrinter.infix(simplified.get("u")));
        String dv = ExprPrinter.infix(simplified.get("v"));
        assertEquals("-(u / v / v)", dv);
        assertFalse(dv.contains("^"), dv);
    }

    /**
     * In a policy, at t = 1e-160: logits [1 / (1 + t / t), t] = [1/2, t], so log pi(y) = t - log(e^(1/2) + e^t)
     * and d log pi(y) / dt = sigmoid(1/2) = 0.6224593312018546 (t / t is constant). Forward mode now finds it
     * (it gave NaN). Reverse mode still gives 0: t's adjoint adds 1.6e159 and -1.6e159 (the two partials of
     * t / t) to 0.62, which the sum of doubles absorbs; check must go on saying so, not hide it.
     */
    @Test
    void checkStillReportsTheAbsorbedAdjoint() {
        GradCheckReport report = PolicyGrad.parse("action a in {x, y}\nparam t = 1e-160\n"
                + "policy pi(a | s) = categorical(logits = [1 / (1 + t / t), t])\n").check(1);
        assertFalse(report.passed(), report.text());
        double sigmoidHalf = 1 / (1 + Math.exp(-0.5));
        boolean forwardSeen = false;
        for (GradCheckReport.PointResult point : report.points()) {
            if (point.point().action() != 1) continue;
            for (GradCheckReport.Outcome outcome : point.outcomes()) {
                if (outcome.method() == GradCheckReport.Method.FORWARD) {
                    assertEquals(sigmoidHalf, outcome.gradient()[0], 1e-15);
                    forwardSeen = true;
                }
            }
        }
        assertTrue(forwardSeen, report.text());
        assertTrue(report.disagreements().stream().anyMatch(d -> d.method() == GradCheckReport.Method.FORWARD),
                report.text());
    }
}
