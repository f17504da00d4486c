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

    /**
     * Each log-density a gradient-only sweep skips ({@link dev.policygrad.ir.Op#skipsResultForGradient}, running
     * its {@link dev.policygrad.ir.Op#forwardForGradient} instead) still fails, out of the domain, with the
     * forward sweep's error at the same span; in the domain it leaves the value unavailable.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aGradientAloneFailsAsTheForwardSweepFails(Backend backend) {
        Span span = new Span("p.pg", 3, 7, 40, 60);
        Node action = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node first = g.call(Ops.PICK, theta, g.constant(0)), second = g.call(Ops.PICK, theta, g.constant(1));
        Node categorical = g.apply(Ops.CATEGORICAL_LPMF, span, theta, action);
        Node normal = g.apply(Ops.NORMAL_LPDF, span, action, first, second);
        Node withLogStd = g.apply(Ops.NORMAL_LPDF_WITH_LOG_STD, span, action, first, g.call(Ops.EXP, second), second);
        Node tanhNormal = g.apply(Ops.TANH_NORMAL_LPDF, span, action, first, second);
        Node tanhWithLogStd = g.apply(Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, span, action, first, g.call(Ops.EXP, second),
                second);
        Node bernoulli = g.apply(Ops.BERNOULLI_LPMF, span, action, first);
        Object[][] cases = {
            {categorical, new double[] {Double.NaN, 0}, 0.0, "logit 0 is NaN, so the probabilities are undefined"},
            {categorical, new double[] {0, 1}, 2.0, "index 2 is out of range 0..1"},
            {normal, new double[] {0, -1}, 0.5, "a normal distribution's std must be positive, got -1.0"},
            {withLogStd, new double[] {0, -800}, 0.5, "a normal distribution's std must be positive, got 0.0"},
            {withLogStd, new double[] {0, Double.POSITIVE_INFINITY}, 0.5,
                "a normal distribution's log std must be finite, got Infinity"},
            {tanhNormal, new double[] {0, 1}, 1.0, "a tanh_normal action must lie strictly between -1 and 1, got 1.0"},
            {tanhNormal, new double[] {0, 0}, 0.5, "a tanh_normal distribution's std must be positive, got 0.0"},
            {tanhWithLogStd, new double[] {0, 0}, 1.0, "a tanh_normal action must lie strictly between -1 and 1, got 1.0"},
            {tanhWithLogStd, new double[] {0, -800}, 0.5, "a tanh_normal distribution's std must be positive, got 0.0"},
            {tanhWithLogStd, new double[] {0, Double.NEGATIVE_INFINITY}, 0.5,
                "a tanh_normal distribution's std must be positive, got 0.0"},
            {tanhWithLogStd, new double[] {0, Double.POSITIVE_INFINITY}, 0.5,
                "a tanh_normal distribution's log std must be finite, got Infinity"},
            {bernoulli, new double[] {1.5, 0}, 1.0, "a Bernoulli probability must lie in [0, 1], got 1.5"},
            {bernoulli, new double[] {0.5, 0}, 2.0, "a Bernoulli outcome must be 0 or 1, got 2.0"},
        };
        java.util.Set<dev.policygrad.ir.Op> covered = new java.util.HashSet<>();
        for (Object[] c : cases) covered.add(((Node.Apply) c[0]).op());
        for (dev.policygrad.ir.Op op : Ops.ALL) {
            assertEquals(op.skipsResultForGradient(), covered.contains(op), op.name() + ": a case here for every primitive a gradient may skip");
        }
        for (Object[] c : cases) {
            Program program = Program.compile((Node) c[0], 2);
            assertEquals(program.instructionCount() - 1, program.gradientEnd, c[3] + ": the root is skipped");
            double[] at = (double[]) c[1];
            double a = (double) c[2];
            Tape tape = program.newTape(backend);
            EvalError full = assertThrows(EvalError.class, () -> tape.forward(at, null, a));
            tape.forwardState(at, null);
            EvalError alone = assertThrows(EvalError.class, () -> tape.gradientForAction(a, new double[2], 0));
            assertEquals(c[3] + " in " + program.op(program.instructionCount() - 1).infix(
                    java.util.Collections.nCopies(program.arity(program.instructionCount() - 1),
                            new dev.policygrad.ir.Printed("...", dev.policygrad.ir.Op.ATOM))), full.getMessage());
            assertSameError(full, alone);
        }
        Program program = Program.compile(categorical, 2);
        Tape tape = program.newTape(backend);
        tape.forwardState(new double[] {0.5, -0.5}, null);
        double[] gradient = new double[2];
        tape.gradientForAction(1, gradient, 0);
        assertThrows(IllegalStateException.class, tape::value);
        assertEquals(tape.forward(new double[] {0.5, -0.5}, null, 1), Math.log(1 / (1 + Math.exp(1))), 1e-15);
    }
}
