package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.ElementwiseBinary;
import dev.policygrad.ir.ElementwiseUnary;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive in {@link Ops#ALL}: reverse mode agrees with forward mode (1e-10 relative) and
 * finite differences (1e-6 relative) on small graphs at in-domain random points, on both tape
 * backends, and the compiled backend reproduces the interpreter bit for bit. A primitive without a
 * case generator here fails the test, and one missing from Ops.ALL fails {@link #opsAllListsEveryPrimitive},
 * so new primitives are covered as they are added.
 */
class OpTableTest {

    private static final Shape V3 = Shape.vector(3), V4 = Shape.vector(4), M23 = Shape.matrix(2, 3);
    private static final int SEEDS = 6;

    /** Per primitive, graphs exercising it (each case builds its scalar output). */
    private static Map<Op, List<Function<Expressions, Node>>> cases() {
        Map<Op, List<Function<Expressions, Node>>> cases = new HashMap<>();
        for (Op op : Ops.ALL) {
            if (op instanceof ElementwiseUnary unary) {
                cases.put(op, List.of(e -> e.scalar(e.g.call(op, unaryArgument(e, unary)))));
            } else if (op instanceof ElementwiseBinary) {
                cases.put(op, List.of(
                        e -> e.scalar(e.g.call(op, binaryArguments(e, op, V3, V3))),
                        e -> e.scalar(e.g.call(op, binaryArguments(e, op, V3, Shape.SCALAR))),
                        e -> e.scalar(e.g.call(op, binaryArguments(e, op, Shape.SCALAR, M23)))));
            }
        }
        cases.put(Ops.SUM, List.of(e -> e.g.call(Ops.SUM, e.param(M23, -1, 1)), e -> e.g.call(Ops.SUM, e.param(V4, -1, 1))));
        cases.put(Ops.LOGSUMEXP, List.of(e -> e.g.call(Ops.LOGSUMEXP, e.param(V4, -2, 2))));
        cases.put(Ops.MAX_ALL, List.of(e -> e.g.call(Ops.MAX_ALL, distinct(e, V4))));
        cases.put(Ops.MIN_ALL, List.of(e -> e.g.call(Ops.MIN_ALL, distinct(e, V4))));
        cases.put(Ops.SOFTMAX, List.of(e -> e.scalar(e.g.call(Ops.SOFTMAX, e.param(V4, -2, 2)))));
        cases.put(Ops.DOT, List.of(e -> e.g.call(Ops.DOT, e.param(V3, -1, 1), e.param(V3, -1, 1)),
                e -> e.g.call(Ops.DOT, e.param(V3, -1, 1), e.state(3))));
        cases.put(Ops.MATVEC, List.of(e -> e.scalar(e.g.call(Ops.MATVEC, e.param(M23, -1, 1), e.param(V3, -1, 1))),
                e -> e.scalar(e.g.call(Ops.MATVEC, e.param(M23, -1, 1), e.state(3)))));
        cases.put(Ops.VECMAT, List.of(e -> e.scalar(e.g.call(Ops.VECMAT, e.param(Shape.vector(2), -1, 1),
                e.param(M23, -1, 1)))));
        cases.put(Ops.MATMUL, List.of(e -> e.scalar(e.g.call(Ops.MATMUL, e.param(M23, -1, 1),
                e.param(Shape.matrix(3, 2), -1, 1)))));
        cases.put(Ops.OUTER, List.of(e -> e.scalar(e.g.call(Ops.OUTER, e.param(Shape.vector(2), -1, 1),
                e.param(V3, -1, 1)))));
        cases.put(Ops.TRANSPOSE, List.of(e -> e.scalar(e.g.call(Ops.TRANSPOSE, e.param(M23, -1, 1)))));
        cases.put(Ops.PICK, List.of(
                e -> e.g.call(Ops.PICK, e.param(V4, -1, 1), e.action(e.random.nextInt(4))),
                // a component of a vector action a[3] times a parameter, and the vector action in vector arithmetic
                e -> e.g.call(Ops.ADD, e.g.call(Ops.MUL, e.param(Shape.SCALAR, -1, 1),
                        e.component(e.actionVector(0.4, -0.7, 1.3), 2)),
                        e.scalar(e.g.call(Ops.MUL, e.param(V3, -1, 1), e.actionVector(0.4, -0.7, 1.3)))),
                e -> e.scalar(e.g.call(Ops.PICK, e.param(M23, -1, 1), e.constant(1)))));
        cases.put(Ops.STACK, List.of(
                e -> e.scalar(e.g.call(Ops.STACK, e.param(Shape.SCALAR, -1, 1), e.param(Shape.SCALAR, -1, 1))),
                e -> e.scalar(e.g.call(Ops.STACK, e.param(V3, -1, 1), e.state(3)))));
        cases.put(Ops.CATEGORICAL_LPMF, List.of(e -> e.g.call(Ops.CATEGORICAL_LPMF, e.param(V4, -3, 3),
                e.action(e.random.nextInt(4)))));
        cases.put(Ops.ARGMAX, List.of(e -> e.g.call(Ops.DOT, e.param(V4, -1, 1),
                e.g.apply(Ops.ONEHOT, V4, Span.NONE, e.g.call(Ops.ARGMAX, e.state(4))))));
        cases.put(Ops.ARGMIN, List.of(e -> e.g.call(Ops.DOT, e.param(V4, -1, 1),
                e.g.apply(Ops.ONEHOT, V4, Span.NONE, e.g.call(Ops.ARGMIN, e.state(4))))));
        cases.put(Ops.ONEHOT, List.of(e -> e.g.call(Ops.DOT, e.param(V4, -1, 1),
                e.g.apply(Ops.ONEHOT, V4, Span.NONE, e.action(e.random.nextInt(4))))));
        cases.put(Ops.BROADCAST, List.of(e -> e.scalar(e.g.apply(Ops.BROADCAST, M23, Span.NONE,
                e.param(Shape.SCALAR, -1, 1)))));
        cases.put(Ops.WHERE, List.of(
                e -> e.scalar(e.g.call(Ops.WHERE, e.g.call(Ops.GT, e.state(3), e.constant(0)), e.param(V3, -1, 1),
                        e.param(V3, -1, 1))),
                e -> e.scalar(e.g.call(Ops.WHERE, e.g.call(Ops.LT, e.state(3), e.constant(0)),
                        e.param(Shape.SCALAR, -1, 1), e.param(V3, -1, 1)))));
        cases.put(Ops.NORMAL_LPDF, List.of(
                e -> e.g.call(Ops.NORMAL_LPDF, e.param(Shape.SCALAR, -1, 1), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2)),
                e -> e.g.call(Ops.NORMAL_LPDF, e.action(0.3), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2)),
                e -> diagonal(e, Ops.NORMAL_LPDF, 0.3, -1.2)));
        // four independent arguments: the derivative holds whether or not std = exp(log_std)
        cases.put(Ops.NORMAL_LPDF_WITH_LOG_STD, List.of(
                e -> e.g.call(Ops.NORMAL_LPDF_WITH_LOG_STD, e.param(Shape.SCALAR, -1, 1), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2), e.param(Shape.SCALAR, -1, 1)),
                e -> e.g.call(Ops.NORMAL_LPDF_WITH_LOG_STD, e.action(0.3), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2), e.param(Shape.SCALAR, -1, 1)),
                e -> {
                    Node logStd = e.param(Shape.SCALAR, -0.7, 0.7);
                    return e.g.call(Ops.NORMAL_LPDF_WITH_LOG_STD, e.action(0.3), e.param(Shape.SCALAR, -1, 1),
                            e.g.call(Ops.EXP, logStd), logStd);
                },
                e -> diagonal(e, Ops.NORMAL_LPDF_WITH_LOG_STD, 0.3, -1.2)));
        cases.put(Ops.TANH_NORMAL_LPDF, List.of(
                e -> e.g.call(Ops.TANH_NORMAL_LPDF, e.param(Shape.SCALAR, -0.9, 0.9), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2)),
                e -> e.g.call(Ops.TANH_NORMAL_LPDF, e.action(-0.6), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2)),
                e -> diagonal(e, Ops.TANH_NORMAL_LPDF, -0.6, 0.8)));
        cases.put(Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, List.of(
                e -> e.g.call(Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, e.param(Shape.SCALAR, -0.9, 0.9),
                        e.param(Shape.SCALAR, -1, 1), e.param(Shape.SCALAR, 0.5, 2), e.param(Shape.SCALAR, -1, 1)),
                e -> e.g.call(Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, e.action(-0.6), e.param(Shape.SCALAR, -1, 1),
                        e.param(Shape.SCALAR, 0.5, 2), e.param(Shape.SCALAR, -1, 1)),
                e -> {
                    Node logStd = e.param(Shape.SCALAR, -0.7, 0.7);
                    return e.g.call(Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, e.action(-0.6), e.param(Shape.SCALAR, -1, 1),
                            e.g.call(Ops.EXP, logStd), logStd);
                },
                e -> diagonal(e, Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, -0.6, 0.8)));
        cases.put(Ops.BERNOULLI_LPMF, List.of(
                e -> e.g.call(Ops.BERNOULLI_LPMF, e.action(e.random.nextInt(2)), e.param(Shape.SCALAR, 0.1, 0.9))));
        return cases;
    }

    /**
     * A diagonal log-density over a vector action a[2] as the check stage builds it: lpdf(a[0], m[0],
     * sd[0]) + lpdf(a[1], m[1], sd[1]), m = W s with W a parameter, sd a parameter vector.
     */
    private static Node diagonal(Expressions e, Op lpdf, double a0, double a1) {
        Node a = e.actionVector(a0, a1);
        Node mean = e.g.call(Ops.MATVEC, e.param(M23, -1, 1), e.state(3));
        boolean takesLogStd = lpdf == Ops.NORMAL_LPDF_WITH_LOG_STD || lpdf == Ops.TANH_NORMAL_LPDF_WITH_LOG_STD;
        Node logStd = takesLogStd ? e.param(Shape.vector(2), -0.7, 0.7) : null;
        Node std = logStd != null ? e.g.call(Ops.EXP, logStd) : e.param(Shape.vector(2), 0.5, 2);
        Node sum = null;
        for (int k = 0; k < 2; k++) {
            Node term = logStd != null
                    ? e.g.call(lpdf, e.component(a, k), e.component(mean, k), e.component(std, k), e.component(logStd, k))
                    : e.g.call(lpdf, e.component(a, k), e.component(mean, k), e.component(std, k));
            sum = sum == null ? term : e.g.call(Ops.ADD, sum, term);
        }
        return sum;
    }

    private static Node unaryArgument(Expressions e, ElementwiseUnary op) {
        if (op == Ops.LOG || op == Ops.SQRT) return e.param(V3, 0.3, 2);
        if (op == Ops.LOG1P) return e.param(V3, -0.7, 2);
        // |x| >= 0.3 keeps finite-difference steps off the kinks of abs, relu, step and sign
        return e.signedParam(V3, 0.3, 2);
    }

    private static Node[] binaryArguments(Expressions e, Op op, Shape x, Shape z) {
        if (op == Ops.DIV) return new Node[] {e.param(x, -2, 2), e.signedParam(z, 0.5, 2)};
        if (op == Ops.POW) return new Node[] {e.param(x, 0.3, 2), e.param(z, -1.5, 2.5)};
        if (op == Ops.MAX || op == Ops.MIN) {
            // ties are kinks: keep every x_i and z_i at least 0.6 apart, either one the larger
            boolean xLarger = e.random.nextBoolean();
            return new Node[] {e.param(x, xLarger ? 0.3 : -1, xLarger ? 1 : -0.3),
                    e.param(z, xLarger ? -1 : 0.3, xLarger ? -0.3 : 1)};
        }
        return new Node[] {e.param(x, -2, 2), e.param(z, -2, 2)};
    }

    /** A vector parameter with values at least 0.25 apart, so max and min have no ties nearby. */
    private static Node distinct(Expressions e, Shape shape) {
        Node p = e.param(shape, 0, 0);
        return e.g.call(Ops.ADD, p, e.g.constant(spread(e, shape.size()), shape));
    }

    private static double[] spread(Expressions e, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = 0.5 * i * (e.random.nextBoolean() ? 1 : -1) + 0.01 * i;
        return values;
    }

    @TestFactory
    List<DynamicTest> everyPrimitiveHasCases() {
        Map<Op, List<Function<Expressions, Node>>> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            for (Op op : Ops.ALL) {
                List<Function<Expressions, Node>> forOp = cases.get(op);
                String name = op.name() + " (" + op.getClass().getSimpleName() + ") on the " + backend.label();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    if (forOp == null || forOp.isEmpty()) fail("no test case generator for primitive " + op.name());
                    for (int c = 0; c < forOp.size(); c++) {
                        for (int seed = 0; seed < SEEDS; seed++) {
                            Expressions e = new Expressions(1000L * c + seed);
                            Node output = forOp.get(c).apply(e);
                            assertTrue(usesOp(output, op), "case " + c + " does not use " + op.name());
                            GradCheckReport report = GradCheck.check(output, e.parameterCount(), e.names(),
                                    List.of(e.point()), null, GradCheckReport.Tolerances.DEFAULT, backend);
                            assertTrue(report.passed(), op.name() + " case " + c + " seed " + seed + ": " + report.summary());
                            assertTrue(report.points().get(0).outcomes().stream().noneMatch(GradCheckReport.Outcome::failed),
                                    op.name() + " case " + c + ": evaluation failed at an in-domain point");
                        }
                    }
                }));
            }
        }
        return tests;
    }

    /** The compiled backend gives the interpreter's value and gradient bit for bit, for every case of every primitive. */
    @TestFactory
    List<DynamicTest> compiledCodeIsTheInterpreterBitForBit() {
        Map<Op, List<Function<Expressions, Node>>> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : Ops.ALL) {
            tests.add(DynamicTest.dynamicTest(op.name(), () -> {
                List<Function<Expressions, Node>> forOp = cases.get(op);
                for (int c = 0; c < forOp.size(); c++) {
                    for (int seed = 0; seed < SEEDS; seed++) {
                        Expressions e = new Expressions(1000L * c + seed);
                        Node output = forOp.get(c).apply(e);
                        BackendAgreement.assertIdentical(Program.compile(output, e.parameterCount()), e.point(),
                                op.name() + " case " + c + " seed " + seed);
                    }
                }
            }));
        }
        return tests;
    }

    /** Every kind of primitive (the sealed subclasses of Op) has instances in Ops.ALL, and every one Ops defines is listed. */
    @Test
    void opsAllListsEveryPrimitive() throws IllegalAccessException {
        Set<Op> listed = new HashSet<>(Ops.ALL);
        assertEquals(Ops.ALL.size(), listed.size(), "Ops.ALL lists a primitive twice");
        for (Field field : Ops.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Op.class.isAssignableFrom(field.getType())) {
                Op op = (Op) field.get(null);
                assertTrue(listed.contains(op), "Ops." + field.getName() + " (" + op.name() + ") is missing from Ops.ALL");
            }
        }
        for (Class<?> kind : Op.class.getPermittedSubclasses()) {
            assertTrue(listed.stream().anyMatch(kind::isInstance),
                    "no primitive of kind " + kind.getSimpleName() + " is in Ops.ALL");
        }
        assertTrue(Op.class.isSealed(), "Op must stay sealed so that every kind of primitive is known");
    }

    private static boolean usesOp(Node output, Op op) {
        return Graph.topologicalOrder(List.of(output)).stream().anyMatch(op::is);
    }
}
