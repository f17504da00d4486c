package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Gaussian policy for a scalar state, {@code a ~ N(-k s, exp(log_std))}, theta = (k, log_std):
 * with {@code sigma = exp(log_std)} and {@code r = a + k s},
 * {@code log pi = -r^2 / (2 sigma^2) - log_std - log(2 pi) / 2},
 * {@code d/dk = -r s / sigma^2}, {@code d/dlog_std = r^2 / sigma^2 - 1}.
 */
class NormalPolicyTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gradientIsTheClosedForm(Backend backend) {
        Graph g = new Graph();
        Node k = g.intern(new Node.Param("k", 0, Shape.SCALAR, Span.NONE));
        Node logStd = g.intern(new Node.Param("log_std", 1, Shape.SCALAR, Span.NONE));
        Node s = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.SCALAR, Span.NONE));
        Node a = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node logPi = g.call(Ops.NORMAL_LPDF, a, g.neg(g.call(Ops.MUL, k, s)), g.call(Ops.EXP, logStd));
        Tape tape = Program.compile(logPi, 2).newTape(backend);
        SplittableRandom random = new SplittableRandom(11);
        double[] gradient = new double[2];
        for (int trial = 0; trial < 50; trial++) {
            double kv = random.nextDouble(-2, 2), ls = random.nextDouble(-1, 1);
            double sv = random.nextDouble(-1, 1), av = random.nextDouble(-3, 3);
            double sigma = Math.exp(ls), r = av + kv * sv;
            double expected = -r * r / (2 * sigma * sigma) - ls - 0.5 * Math.log(2 * Math.PI);
            double[] theta = {kv, ls}, state = {sv};
            assertEquals(expected, tape.forward(theta, state, av), 1e-12);
            tape.backward(gradient);
            assertArrayEquals(new double[] {-r * sv / (sigma * sigma), r * r / (sigma * sigma) - 1}, gradient, 1e-12);
            if (trial < 5) {
                GradCheckReport report = GradCheck.check(logPi, 2, new String[] {"k", "log_std"},
                        List.of(new GradCheck.Point(theta, state, av)), null, GradCheckReport.Tolerances.DEFAULT, backend);
                assertTrue(report.passed(), report.summary());
            }
        }
    }
}
