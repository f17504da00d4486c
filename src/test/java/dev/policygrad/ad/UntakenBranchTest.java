package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A branch not taken has a zero adjoint, and must contribute nothing even where its partial is
 * infinite: with a saturated sigmoid, p = 1 exactly, so log(1 - p) = -infinity and its partial is
 * infinite, yet {@code if a == 1 then log(p) else log(1 - p)} at a = 1 has a finite gradient.
 */
class UntakenBranchTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void infinitePartialOfAnUntakenBranchContributesNothing(Backend backend) {
        Graph g = new Graph();
        Node logit = g.intern(new Node.Param("w", 0, Shape.SCALAR, Span.NONE));
        Node a = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node p = g.call(Ops.SIGMOID, logit);
        Node logPi = g.call(Ops.WHERE, g.call(Ops.EQ, a, g.constant(1)), g.call(Ops.LOG, p),
                g.call(Ops.LOG, g.sub(g.constant(1), p)));
        double[] theta = {40};
        Tape tape = Program.compile(logPi, 1).newTape(backend);
        assertEquals(0.0, tape.forward(theta, null, 1), 0.0);
        double[] gradient = new double[1];
        tape.backward(gradient);
        ForwardMode.Result forward = ForwardMode.gradient(logPi, 1, theta, null, 1);
        assertArrayEquals(forward.gradient(), gradient, 1e-15);
        assertEquals(0.0, gradient[0], 1e-15);
    }
}
