package dev.policygrad.ad;

import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random well-typed expression DAGs over parameters of shapes scalar, [3] and [2][3] and a state of
 * [3], with shared subexpressions: reverse mode agrees with forward mode (1e-10 relative) and with
 * finite differences (1e-6 relative), on both tape backends, and the compiled backend reproduces the
 * interpreter bit for bit. Arguments are kept in-domain by construction (log and sqrt
 * of {@code softplus(x) + 0.5}, exp of a bounded value, division by {@code 1 + softplus(z)}), and
 * the graph is smooth in theta (conditions depend on the state only), so finite differences apply.
 */
class RandomExpressionProperties {

    private static final Shape S = Shape.SCALAR, V2 = Shape.vector(2), V3 = Shape.vector(3), M23 = Shape.matrix(2, 3);

    @Property(tries = 200, seed = "20261126")
    boolean reverseAgreesWithForwardModeAndFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 14) int steps) {
        Expressions e = new Expressions(seed);
        Node output = randomExpression(e, steps);
        for (Backend backend : Backend.values()) {
            GradCheckReport report = GradCheck.check(output, e.parameterCount(), e.names(), List.of(e.point()), null,
                    GradCheckReport.Tolerances.DEFAULT, backend);
            if (!report.passed()) throw new AssertionError(backend.label() + ": " + report.summary());
        }
        BackendAgreement.assertIdentical(Program.compile(output, e.parameterCount()), e.point(), "seed " + seed);
        return true;
    }

    /** Grows pools of nodes by shape, each step applying a random primitive to earlier nodes. */
    static Node randomExpression(Expressions e, int steps) {
        Map<Shape, List<Node>> pool = Map.of(S, new ArrayList<>(), V2, new ArrayList<>(), V3, new ArrayList<>(),
                M23, new ArrayList<>());
        pool.get(S).add(e.param(S, -1.5, 1.5));
        pool.get(V3).add(e.param(V3, -1.5, 1.5));
        pool.get(M23).add(e.param(M23, -1.5, 1.5));
        pool.get(V2).add(e.param(V2, -1.5, 1.5));
        Node state = e.state(3);
        pool.get(V3).add(state);
        // a vector action a[2], read like the state (theta-independent): its registers on both backends
        pool.get(V2).add(e.actionVector(2 * e.random.nextDouble() - 1, 2 * e.random.nextDouble() - 1));
        Node output = e.scalar(pick(e, pool, Shape.SCALAR));
        for (int step = 0; step < steps; step++) {
            Node grown = grow(e, pool, state);
            pool.get(grown.shape()).add(grown);
            // the last few nodes feed the output, so most of the graph is live
            if (step >= steps - 3) output = e.g.call(Ops.ADD, output, e.scalar(grown));
        }
        return output;
    }

    private static Node pick(Expressions e, Map<Shape, List<Node>> pool, Shape shape) {
        List<Node> nodes = pool.get(shape);
        return nodes.get(e.random.nextInt(nodes.size()));
    }

    private static Shape anyShape(Expressions e) {
        return List.of(S, V2, V3, M23).get(e.random.nextInt(4));
    }

    /** A value in (-1, 1) made from x. */
    private static Node bounded(Expressions e, Node x) {
        Op op = List.of(Ops.TANH, Ops.SIN, Ops.COS, Ops.SIGMOID).get(e.random.nextInt(4));
        return e.g.call(op, x);
    }

    /** A value of at least 0.5 made from x. */
    private static Node positive(Expressions e, Node x) {
        return e.g.call(Ops.ADD, e.g.call(Ops.SOFTPLUS, x), e.constant(0.5));
    }

    private static Node grow(Expressions e, Map<Shape, List<Node>> pool, Node state) {
        var g = e.g;
        int choice = e.random.nextInt(20);
        Shape shape = anyShape(e);
        Node x = pick(e, pool, shape);
        switch (choice) {
            case 0: return g.call(List.of(Ops.NEG, Ops.TANH, Ops.SIN, Ops.COS, Ops.SIGMOID, Ops.SOFTPLUS)
                    .get(e.random.nextInt(6)), x);
            case 1: return g.call(Ops.EXP, bounded(e, x));
            case 2: return g.call(Ops.LOG, positive(e, x));
            case 3: return g.call(Ops.SQRT, positive(e, x));
            case 4: return g.call(Ops.LOG1P, g.call(Ops.SIGMOID, x));
            case 5: {
                Node z = e.random.nextBoolean() ? pick(e, pool, shape) : pick(e, pool, S);
                return g.call(e.random.nextBoolean() ? Ops.ADD : Ops.SUB, x, z);
            }
            case 6: return g.call(Ops.MUL, x, bounded(e, e.random.nextBoolean() ? pick(e, pool, shape) : pick(e, pool, S)));
            case 7: return g.call(Ops.DIV, x, positive(e, pick(e, pool, e.random.nextBoolean() ? shape : S)));
            case 8: return g.call(Ops.POW, positive(e, x), bounded(e, pick(e, pool, e.random.nextBoolean() ? shape : S)));
            case 9: return g.call(Ops.POW, bounded(e, x), e.constant(e.random.nextInt(4)));
            case 10: return g.call(e.random.nextBoolean() ? Ops.SUM : Ops.LOGSUMEXP,
                    pick(e, pool, e.random.nextBoolean() ? V3 : V2));
            case 11: return g.call(Ops.SOFTMAX, pick(e, pool, e.random.nextBoolean() ? V3 : V2));
            case 12: return e.random.nextBoolean() ? g.call(Ops.DOT, pick(e, pool, V3), pick(e, pool, V3))
                    : g.call(Ops.MATVEC, pick(e, pool, M23), pick(e, pool, V3));
            case 13: return e.random.nextBoolean() ? g.call(Ops.VECMAT, pick(e, pool, V2), pick(e, pool, M23))
                    : g.call(Ops.OUTER, pick(e, pool, V2), pick(e, pool, V3));
            case 14: {
                Node inner = g.call(Ops.MATMUL, g.call(Ops.TRANSPOSE, pick(e, pool, M23)), pick(e, pool, M23));
                return g.call(Ops.MATMUL, pick(e, pool, M23), g.call(Ops.TANH, inner));
            }
            case 15: {
                Shape from = e.random.nextBoolean() ? V3 : M23;
                double index = e.random.nextInt(from.rows());
                return g.call(Ops.PICK, pick(e, pool, from), e.constant(index));
            }
            case 16: return e.random.nextBoolean()
                    ? g.call(Ops.STACK, pick(e, pool, S), pick(e, pool, S), pick(e, pool, S))
                    : g.call(Ops.STACK, pick(e, pool, V3), pick(e, pool, V3));
            case 17: {
                Node condition = g.call(Ops.GT, state, e.constant(0));
                Node other = pick(e, pool, e.random.nextBoolean() ? V3 : S);
                return g.call(Ops.WHERE, condition, pick(e, pool, V3), other);
            }
            case 18: {
                // a normal or a tanh_normal (its action squashed into (-0.9, 0.9)), with a std or with
                // std = exp(l) as a policy lowers it
                boolean tanh = e.random.nextBoolean();
                Node outcome = tanh ? g.call(Ops.MUL, e.constant(0.9), g.call(Ops.TANH, pick(e, pool, S))) : pick(e, pool, S);
                if (e.random.nextBoolean()) {
                    return g.call(tanh ? Ops.TANH_NORMAL_LPDF : Ops.NORMAL_LPDF, outcome, pick(e, pool, S),
                            positive(e, pick(e, pool, S)));
                }
                Node logStd = bounded(e, pick(e, pool, S));
                return g.call(tanh ? Ops.TANH_NORMAL_LPDF_WITH_LOG_STD : Ops.NORMAL_LPDF_WITH_LOG_STD, outcome,
                        pick(e, pool, S), g.call(Ops.EXP, logStd), logStd);
            }
            default: return g.call(Ops.BERNOULLI_LPMF, e.constant(e.random.nextInt(2)), g.call(Ops.SIGMOID,
                    pick(e, pool, S)));
        }
    }
}
