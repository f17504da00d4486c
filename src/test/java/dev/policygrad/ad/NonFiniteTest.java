package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NonFiniteTest {

    private static final Span LOG_SPAN = new Span("policy.pg", 3, 9, 40, 51);

    /**
     * d (log t - u^2 s) / d t = 1 / t overflows at t = 1e-320: both backends name the log at its span
     * (the compiled one once wrote the parameters' adjoints only to the gradient array, so where the
     * only infinite adjoint was a parameter's, none in its registers was and the error had no position).
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInfiniteDerivativeIsLocatedOnEveryBackend(Backend backend) {
        Graph g = new Graph();
        Node t = g.intern(new Node.Param("t", 0, Shape.SCALAR, Span.NONE));
        Node u = g.intern(new Node.Param("u", 1, Shape.SCALAR, Span.NONE));
        Node s = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.SCALAR, Span.NONE));
        Node output = g.call(Ops.SUB, g.apply(Ops.LOG, LOG_SPAN, t), g.call(Ops.MUL, g.call(Ops.MUL, u, u), s));
        Tape tape = Program.compile(output, 2).newTape(backend);
        double logPi = tape.forward(new double[] {1e-320, 0.5}, new double[] {1}, 0);
        NonFinite.requireFiniteValue(tape, logPi);
        double[] gradient = new double[2];
        tape.backward(gradient);
        EvalError e = assertThrows(EvalError.class,
                () -> NonFinite.requireFiniteGradient(tape, gradient, List.of("t", "u")));
        assertEquals(LOG_SPAN.where(), e.span().where(), e.getMessage());
        assertEquals("d log pi / d t is Infinity: the derivative through log(...) is not finite", e.getMessage());
    }
}
