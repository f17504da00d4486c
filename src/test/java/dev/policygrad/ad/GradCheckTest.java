package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.ad.GradCheckReport.Method;
import dev.policygrad.ast.Span;
import dev.policygrad.cli.Main;
import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GradCheckTest {

    private static final Span LOG_SPAN = new Span("policy.pg", 3, 9, 40, 51);

    /** log(theta0 * s) - theta1^2 at span {@link #LOG_SPAN} for the log. */
    private static Node logOfProduct(Graph g) {
        Node t0 = g.intern(new Node.Param("t", 0, Shape.SCALAR, Span.NONE));
        Node t1 = g.intern(new Node.Param("u", 1, Shape.SCALAR, Span.NONE));
        Node s = g.intern(new Node.Input(Node.InputKind.STATE, "s", 0, Shape.SCALAR, Span.NONE));
        Node log = g.apply(Ops.LOG, LOG_SPAN, g.call(Ops.MUL, t0, s));
        return g.call(Ops.SUB, log, g.call(Ops.MUL, t1, t1));
    }

    private static final String[] NAMES = {"t", "u"};

    @ParameterizedTest
    @EnumSource(Backend.class)
    void linearSoftmaxAgreesWithItsClosedFormAsSymbolicGradient(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(3, 4);
        SplittableRandom random = new SplittableRandom(5);
        String[] names = new String[policy.parameterCount()];
        for (int i = 0; i < names.length; i++) names[i] = "theta[" + i + "]";
        List<GradCheck.Point> points = new java.util.ArrayList<>();
        for (int p = 0; p < 4; p++) {
            double[] theta = random.doubles(policy.parameterCount(), -1, 1).toArray();
            points.add(new GradCheck.Point(theta, random.doubles(4, -1, 1).toArray(), random.nextInt(3)));
        }
        Function<GradCheck.Point, double[]> closedForm =
                pt -> policy.closedFormGradient(pt.theta(), pt.state(), (int) pt.action());
        GradCheckReport report = GradCheck.check(policy.logPi, policy.parameterCount(), names, points, closedForm,
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertTrue(report.passed(), report.summary());
        assertEquals(4, report.points().get(0).outcomes().size());
        assertTrue(report.parameters().stream().allMatch(GradCheckReport.ParameterResult::agreed));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWrongSymbolicGradientIsNamed(Backend backend) {
        Node output = logOfProduct(new Graph());
        GradCheck.Point point = new GradCheck.Point(new double[] {2, 0.5}, new double[] {1.5}, 0);
        // d/dt = 1/t = 0.5 is right; d/du = -2u = -1, given as -1.001
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(point), pt -> new double[] {0.5, -1.001},
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertFalse(report.passed());
        assertEquals(1, report.disagreements().size());
        GradCheckReport.Disagreement d = report.disagreements().get(0);
        assertEquals(Method.SYMBOLIC, d.method());
        assertEquals("u", d.parameterName());
        assertTrue(report.parameters().get(0).agreed());
        assertFalse(report.parameters().get(1).agreed());
        assertEquals(Method.SYMBOLIC, report.parameters().get(1).worstMethod());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failingAlikeIsNoDisagreementButChecksNothing(Backend backend) {
        Node output = logOfProduct(new Graph());
        GradCheck.Point point = new GradCheck.Point(new double[] {-2, 0.5}, new double[] {1.5}, 0);
        EvalError expected = assertThrows(EvalError.class, () -> Program.compile(output, 2).newTape(backend)
                .forward(point.theta(), point.state(), 0));
        Function<GradCheck.Point, double[]> symbolic = pt -> {
            throw new EvalError(LOG_SPAN, expected.getMessage());
        };
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(point), symbolic,
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertTrue(report.disagreements().isEmpty(), report.summary());
        assertTrue(report.points().get(0).outcomes().stream().allMatch(GradCheckReport.Outcome::failed));
        // a point where everything failed checked nothing: no verdict rests on it
        assertEquals(0, report.evaluated());
        assertFalse(report.passed());
        assertTrue(report.summary().startsWith("nothing was checked"), report.summary());
    }

    @Test
    void failuresAtTheSameOperationAndPositionAgreeWhateverTheirMessage() {
        Node output = logOfProduct(new Graph());
        GradCheck.Point point = new GradCheck.Point(new double[] {-2, 0.5}, new double[] {1.5}, 0);
        EvalError expected = assertThrows(EvalError.class, () -> Program.compile(output, 2).newTape()
                .forward(point.theta(), point.state(), 0));
        // the same operation at the same place, printing another digit of its argument
        Function<GradCheck.Point, double[]> symbolic = pt -> {
            throw new EvalError(LOG_SPAN, "log of a negative number (-3.0000000000000004) in log(...)",
                    expected.operation());
        };
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(point), symbolic,
                GradCheckReport.Tolerances.DEFAULT);
        assertTrue(report.disagreements().isEmpty(), report.summary());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void notFailingWhereOthersFailIsADisagreement(Backend backend) {
        Node output = logOfProduct(new Graph());
        GradCheck.Point point = new GradCheck.Point(new double[] {-2, 0.5}, new double[] {1.5}, 0);
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(point), pt -> new double[] {-0.5, -1},
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertFalse(report.passed());
        assertEquals(Method.SYMBOLIC, report.disagreements().get(0).method());
        assertTrue(report.disagreements().get(0).reason().startsWith("succeeds where plain evaluation fails"),
                report.summary());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failingElsewhereIsADisagreement(Backend backend) {
        Node output = logOfProduct(new Graph());
        GradCheck.Point point = new GradCheck.Point(new double[] {-2, 0.5}, new double[] {1.5}, 0);
        Function<GradCheck.Point, double[]> symbolic = pt -> {
            throw new EvalError(Span.NONE, "log of a negative number (-3.0) in log(...)");
        };
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(point), symbolic,
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertFalse(report.passed());
        assertTrue(report.disagreements().get(0).reason().startsWith("fails differently"), report.summary());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void finiteDifferencesNearTheDomainEdgeShrinkTheirStep(Backend backend) {
        // log(t * s) at t * s = 0.01: the first step (about 0.006 / 0.01 relative) would be fine, but
        // at t = 0.004 the step crosses zero and must shrink
        Node output = logOfProduct(new Graph());
        GradCheck.Point point = new GradCheck.Point(new double[] {0.004, 0.5}, new double[] {1}, 0);
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(point), null, GradCheckReport.Tolerances.DEFAULT, backend);
        assertTrue(report.passed(), report.summary());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forwardModeIsSkippedAndSaidSoBeyondItsLimit(Backend backend) {
        LinearSoftmax policy = new LinearSoftmax(4, 300);
        assertTrue(policy.parameterCount() > GradCheck.FORWARD_MODE_LIMIT);
        SplittableRandom random = new SplittableRandom(9);
        String[] names = new String[policy.parameterCount()];
        for (int i = 0; i < names.length; i++) names[i] = "theta[" + i + "]";
        GradCheck.Point point = new GradCheck.Point(random.doubles(policy.parameterCount(), -0.1, 0.1).toArray(),
                random.doubles(300, -1, 1).toArray(), 2);
        GradCheckReport report = GradCheck.check(policy.logPi, policy.parameterCount(), names, List.of(point), null, GradCheckReport.Tolerances.DEFAULT, backend);
        assertTrue(report.passed(), report.summary());
        assertEquals(1, report.skipped().size());
        assertTrue(report.skipped().get(0).startsWith("forward mode: 1204 parameters"), report.skipped().get(0));
        assertEquals(List.of(GradCheckReport.Method.REVERSE, GradCheckReport.Method.FINITE_DIFFERENCES),
                report.points().get(0).outcomes().stream().map(GradCheckReport.Outcome::method).toList());
    }

    /** sin(t) - u^2 with the given sine. */
    private static Node sineOf(Graph g, dev.policygrad.ir.Op sin) {
        Node t = g.intern(new Node.Param("t", 0, Shape.SCALAR, Span.NONE));
        Node u = g.intern(new Node.Param("u", 1, Shape.SCALAR, Span.NONE));
        return g.call(Ops.SUB, g.call(sin, t), g.call(Ops.MUL, u, u));
    }

    private static final Function<GradCheck.Point, double[]> SINE_GRADIENT =
            pt -> new double[] {Math.cos(pt.theta()[0]), -2 * pt.theta()[1]};

    @ParameterizedTest
    @EnumSource(Backend.class)
    void finiteDifferencesThatCannotVouchForThemselvesAreNoDisagreement(Backend backend) {
        // at t = 1000 the step (about 5.8) spans many periods of sin: finite differences give 0.03 for
        // cos(1000) = 0.56, and their estimate at half the step is another number again
        for (double t : new double[] {1000, 1e6, 1e9, 1e12}) {
            GradCheck.Point point = new GradCheck.Point(new double[] {t, 0.5}, new double[0], 0);
            GradCheckReport report = GradCheck.check(sineOf(new Graph(), Ops.SIN), 2, NAMES, List.of(point),
                    SINE_GRADIENT, GradCheckReport.Tolerances.DEFAULT, backend);
            assertTrue(report.passed(), t + ": " + report.summary());
            assertEquals(1, report.unreliable().size(), report.text());
            GradCheckReport.Unreliable u = report.unreliable().get(0);
            assertEquals("t", u.parameterName());
            assertTrue(u.othersAgree());
            assertEquals(List.of(Method.FORWARD, Method.SYMBOLIC), u.others());
            String text = report.text();
            assertTrue(text.contains("finite differences unreliable here: d/dt = "), text);
            assertTrue(text.contains("the other 3 methods agree"), text);
            assertTrue(text.contains("the verdict rests on these 3 methods"), text);
            assertFalse(text.contains("all 4 methods agree"), text);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWrongReverseModeDerivativeFailsWhereFiniteDifferencesAreUnreliableAndWhereTheyAreNot(Backend backend) {
        for (double t : new double[] {0.5, 1000}) {
            GradCheck.Point point = new GradCheck.Point(new double[] {t, 0.5}, new double[0], 0);
            GradCheckReport report = GradCheck.check(sineOf(new Graph(), dev.policygrad.ir.InjectedOps.SIN_WITH_WRONG_PARTIAL),
                    2, NAMES, List.of(point), SINE_GRADIENT, GradCheckReport.Tolerances.DEFAULT, backend);
            assertFalse(report.passed(), t + ": " + report.summary());
            assertFalse(report.parameters().get(0).agreed());
            assertTrue(report.disagreements().stream().anyMatch(d -> d.method() == Method.FORWARD && d.parameter() == 0),
                    report.summary());
            if (t == 0.5) {
                // finite differences vouch for themselves here, and disagree too
                assertTrue(report.disagreements().stream()
                        .anyMatch(d -> d.method() == Method.FINITE_DIFFERENCES && d.parameter() == 0), report.summary());
            }
        }
        // with finite differences the only other method, a wrong reverse mode is still caught where they are reliable
        GradCheck.Point point = new GradCheck.Point(new double[] {0.5, 0.5}, new double[0], 0);
        GradCheckReport alone = GradCheck.check(sineOf(new Graph(), dev.policygrad.ir.InjectedOps.SIN_WITH_WRONG_PARTIAL),
                2, NAMES, List.of(point), pt -> new double[] {1.01 * Math.cos(pt.theta()[0]), -2 * pt.theta()[1]},
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertEquals(1, alone.disagreements().stream().filter(d -> d.method() == Method.FINITE_DIFFERENCES).count(),
                alone.summary());
        assertTrue(alone.unreliable().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPointWhereLogPiIsNotFiniteChecksNothing(Backend backend) {
        // t * 1e308 * 1e308 - u^2 overflows to Infinity for every method
        Graph g = new Graph();
        Node t = g.intern(new Node.Param("t", 0, Shape.SCALAR, Span.NONE));
        Node u = g.intern(new Node.Param("u", 1, Shape.SCALAR, Span.NONE));
        Node big = g.intern(new Node.Const(new double[] {1e308}, Shape.SCALAR, Span.NONE));
        Node output = g.call(Ops.SUB, g.call(Ops.MUL, g.call(Ops.MUL, t, big), big), g.call(Ops.MUL, u, u));
        GradCheck.Point overflow = new GradCheck.Point(new double[] {2, 0.5}, new double[0], 0);
        GradCheckReport report = GradCheck.check(output, 2, NAMES, List.of(overflow), null,
                GradCheckReport.Tolerances.DEFAULT, backend);
        assertTrue(report.disagreements().isEmpty(), report.summary());
        assertEquals(0, report.evaluated());
        assertFalse(report.passed());
        assertTrue(report.summary().contains("not finite"), report.summary());
    }

    /**
     * Where simplifying the symbolic derivative takes more than its work limit, check skips that method, says which
     * and why, and rests its verdict on the other three; derive, which has nothing else to print, stops with the
     * message. The limit is lowered here so that a small program reaches it.
     */
    @Test
    void checkSkipsTheSymbolicMethodBeyondTheSimplifiersWorkLimitAndSaysWhy(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sum.pg");
        Files.writeString(file, "action a in {x, y}\nparam t[2] = 0.3\n"
                + "policy log pi(a | s) = log_softmax([sum(i in 0..99, sin(t[0] * i) * t[1] ^ i), 0])[a]\n");
        String why = "simplifying the symbolic derivative takes more than 100 steps (a step for each operation of the"
                + " derivative, and a long sum whose partial sums are used elsewhere too is collected once per partial"
                + " sum); reverse mode (score, eval, train) and the other methods of check are unaffected, and check"
                + " skips its symbolic method";
        long limit = Simplifier.workLimit;
        Simplifier.workLimit = 100;
        try {
            List<Long> progress = new java.util.ArrayList<>();
            GradCheckReport report = PolicyGrad.load(file).check(3, progress::add);
            assertTrue(report.passed(), report.text());
            // the progress bar moves point by point without the symbolic method too (it stood at 0 till the end)
            assertEquals(List.of(1L, 2L, 3L), progress.stream().distinct().toList());
            assertEquals(List.of("symbolic derivative: " + why), report.skipped());
            assertEquals(3, report.evaluated());
            for (GradCheckReport.PointResult point : report.points()) {
                assertEquals(List.of(Method.REVERSE, Method.FORWARD, Method.FINITE_DIFFERENCES),
                        point.outcomes().stream().map(GradCheckReport.Outcome::method).toList());
            }

            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[] {"check", file.toString(), "--points", "3"}, new PrintWriter(out),
                    new PrintWriter(err));
            assertEquals(0, code, out + "\n" + err);
            assertTrue(out.toString().contains("\nskipped symbolic derivative: " + why + "\n"), out.toString());
            assertTrue(out.toString().endsWith("\nall 3 methods agree at 3 evaluated point(s)\n"), out.toString());

            out = new StringWriter();
            code = Main.run(new String[] {"check", file.toString(), "--points", "3", "--json"}, new PrintWriter(out),
                    new PrintWriter(new StringWriter()));
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("\"skipped\" : [ \"symbolic derivative: " + why + "\" ]"),
                    out.toString());
            assertFalse(out.toString().contains("\"method\" : \"symbolic derivative\""), out.toString());

            err = new StringWriter();
            code = Main.run(new String[] {"derive", file.toString()}, new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains(why), err.toString());
        } finally {
            Simplifier.workLimit = limit;
        }
    }
}
