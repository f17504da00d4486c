package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tape and forward mode fail alike, with the same message at the same source span. */
class DomainErrorTest {

    private final Graph g = new Graph();
    private final Node theta = g.intern(new Node.Param("theta", 0, Shape.vector(2), Span.NONE));
    private final Node state = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.vector(2), Span.NONE));

    private static void assertSameError(EvalError expected, EvalError actual) {
        assertEquals(expected.getMessage(), actual.getMessage());
        Span a = expected.span(), b = actual.span();
        assertEquals(a.where(), b.where());
        assertEquals(a.start(), b.start());
        assertEquals(a.end(), b.end());
    }

    private void check(Backend backend, Node output, double[] theta, String message, Span span) {
        EvalError tape = assertThrows(EvalError.class,
                () -> Program.compile(output, 2).newTape(backend).forward(theta, new double[] {1, -1}, 0));
        EvalError forward = assertThrows(EvalError.class,
                () -> ForwardMode.gradient(output, 2, theta, new double[] {1, -1}, 0));
        assertEquals(message, tape.getMessage());
        assertSameError(new EvalError(span, message), tape);
        assertSameError(tape, forward);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logOfANegativeNumber(Backend backend) {
        Span span = new Span("p.pg", 2, 5, 17, 30);
        Node output = g.call(Ops.SUM, g.apply(Ops.LOG, span, g.call(Ops.MUL, theta, state)));
        check(backend, output, new double[] {0.5, 0.5}, "log of a negative number (-0.5) in log(...)", span);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void divisionByZeroNamesTheOperator(Backend backend) {
        Span span = new Span("p.pg", 4, 1, 50, 55);
        Node output = g.call(Ops.SUM, g.apply(Ops.DIV, span, state, theta));
        check(backend, output, new double[] {1, 0}, "division by zero in ... / ...", span);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void actionOutOfRange(Backend backend) {
        Span span = new Span("p.pg", 1, 1, 0, 4);
        Node action = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node output = g.apply(Ops.PICK, span, theta, action);
        EvalError tape = assertThrows(EvalError.class,
                () -> Program.compile(output, 2).newTape(backend).forward(new double[] {1, 2}, null, 2));
        EvalError forward = assertThrows(EvalError.class,
                () -> ForwardMode.gradient(output, 2, new double[] {1, 2}, null, 2));
        assertEquals("index 2 is out of range 0..1 in ...[...]", tape.getMessage());
        assertSameError(tape, forward);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void firstFailingOperationIsReportedByBoth(Backend backend) {
        Span first = new Span("p.pg", 1, 1, 0, 3), second = new Span("p.pg", 9, 1, 90, 93);
        Node sqrt = g.apply(Ops.SQRT, first, g.call(Ops.PICK, theta, g.constant(0)));
        Node log = g.apply(Ops.LOG, second, g.call(Ops.PICK, theta, g.constant(1)));
        check(backend, g.call(Ops.ADD, sqrt, log), new double[] {-1, -1}, "sqrt of a negative number (-1.0) in sqrt(...)", first);
    }
}
