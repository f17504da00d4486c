package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.policygrad.ast.Span;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * One row per rule: an expression (built without {@link Graph}'s own identities, so the simplifier
 * has to find them), how it must print once simplified, and a check that both take the same value.
 */
class SimplifierTest {

    /** The variables of the table: scalars x, y; a vector v[3]; a matrix M[2][3]; action a; state s[3]. */
    static final class Vars {
        final Graph g = new Graph();
        final Node x = g.intern(Textbook.param("x", 0, Shape.SCALAR));
        final Node y = g.intern(Textbook.param("y", 1, Shape.SCALAR));
        final Node v = g.intern(Textbook.param("v", 2, Shape.vector(3)));
        final Node m = g.intern(Textbook.param("M", 5, Shape.matrix(2, 3)));
        final Node a = g.intern(Textbook.action());
        final Node s = g.intern(Textbook.state(Shape.vector(3)));

        /** {@code op(args)} exactly as written, without the graph's simplifications. */
        Node op(Op op, Node... args) {
            return g.apply(op, Span.NONE, args);
        }

        Node c(double value) {
            return g.constant(value);
        }

        Node add(Node p, Node q) { return op(Ops.ADD, p, q); }
        Node sub(Node p, Node q) { return op(Ops.SUB, p, q); }
        Node mul(Node p, Node q) { return op(Ops.MUL, p, q); }
        Node div(Node p, Node q) { return op(Ops.DIV, p, q); }
        Node pow(Node p, double e) { return op(Ops.POW, p, c(e)); }
        Node neg(Node p) { return op(Ops.NEG, p); }
        Node exp(Node p) { return op(Ops.EXP, p); }
    }

    private static Arguments row(String expected, Function<Vars, Node> expression) {
        return Arguments.of(expected, expression);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // constants and identities
                row("5", t -> t.add(t.c(2), t.c(3))),
                row("1", t -> t.exp(t.c(0))),
                row("log(-1)", t -> t.op(Ops.LOG, t.c(-1))),
                row("x", t -> t.add(t.x, t.c(0))),
                row("x", t -> t.add(t.c(0), t.x)),
                row("x", t -> t.mul(t.c(1), t.x)),
                row("0", t -> t.mul(t.x, t.c(0))),
                row("[0, 0, 0]", t -> t.mul(t.c(0), t.v)),
                row("x", t -> t.div(t.x, t.c(1))),
                row("x", t -> t.pow(t.x, 1)),
                row("1", t -> t.pow(t.x, 0)),
                // signs
                row("x", t -> t.neg(t.neg(t.x))),
                row("x - y", t -> t.add(t.x, t.neg(t.y))),
                row("x + y", t -> t.sub(t.x, t.neg(t.y))),
                row("y - x", t -> t.add(t.neg(t.x), t.y)),
                row("y - x", t -> t.neg(t.sub(t.x, t.y))),
                row("-x - y", t -> t.sub(t.neg(t.x), t.y)),
                row("-(x * y)", t -> t.mul(t.neg(t.x), t.y)),
                row("-(x * y)", t -> t.mul(t.x, t.neg(t.y))),
                row("-2 * x", t -> t.mul(t.c(2), t.neg(t.x))),
                row("-2 * x", t -> t.neg(t.mul(t.c(2), t.x))),
                row("-(x / y)", t -> t.div(t.neg(t.x), t.y)),
                row("x - 2 * y", t -> t.add(t.x, t.mul(t.c(-2), t.y))),
                // like terms
                row("0", t -> t.sub(t.x, t.x)),
                row("2 * x", t -> t.add(t.x, t.x)),
                row("5 * x", t -> t.add(t.mul(t.c(2), t.x), t.mul(t.c(3), t.x))),
                row("-x", t -> t.sub(t.x, t.mul(t.c(2), t.x))),
                row("x + 3", t -> t.add(t.add(t.x, t.c(1)), t.c(2))),
                row("y", t -> t.sub(t.add(t.x, t.y), t.x)),
                row("v", t -> t.sub(t.add(t.v, t.c(1)), t.c(1))),
                row("6 * x", t -> t.mul(t.c(2), t.mul(t.c(3), t.x))),
                row("2 * (x + y)", t -> t.mul(t.c(2), t.add(t.x, t.y))),
                // powers and quotients
                row("x ^ 2", t -> t.mul(t.x, t.x)),
                row("x ^ 5", t -> t.mul(t.pow(t.x, 2), t.pow(t.x, 3))),
                row("x ^ 3", t -> t.mul(t.x, t.pow(t.x, 2))),
                row("x ^ 2 * x ^ (-2)", t -> t.mul(t.pow(t.x, 2), t.pow(t.x, -2))),
                row("x ^ 6", t -> t.pow(t.pow(t.x, 2), 3)),
                row("x / x", t -> t.div(t.x, t.x)),
                row("x / y * y", t -> t.mul(t.div(t.x, t.y), t.y)),
                row("1", t -> t.div(t.exp(t.x), t.exp(t.x))),
                row("x", t -> t.mul(t.div(t.x, t.exp(t.y)), t.exp(t.y))),
                row("x", t -> t.div(t.mul(t.x, t.exp(t.y)), t.exp(t.y))),
                row("x", t -> t.mul(t.div(t.x, t.c(3)), t.c(3))),
                // structure
                row("3 * x", t -> t.op(Ops.SUM, t.g.widen(t.x, Shape.vector(3)))),
                row("2 * sum(v)", t -> t.op(Ops.SUM, t.mul(t.c(2), t.v))),
                row("y", t -> t.op(Ops.PICK, t.op(Ops.STACK, t.x, t.y, t.c(1)), t.c(1))),
                row("[x, y][2]", t -> t.op(Ops.PICK, t.op(Ops.STACK, t.x, t.y), t.c(2))),
                row("a == 1", t -> t.op(Ops.PICK, t.g.apply(Ops.ONEHOT, Shape.vector(3), Span.NONE, t.a), t.c(1))),
                row("v[a]", t -> t.op(Ops.DOT, t.g.apply(Ops.ONEHOT, Shape.vector(3), Span.NONE, t.a), t.v)),
                row("[0, 1, 0]", t -> t.g.apply(Ops.ONEHOT, Shape.vector(3), Span.NONE, t.c(1))),
                row("M", t -> t.op(Ops.TRANSPOSE, t.op(Ops.TRANSPOSE, t.m))),
                row("x", t -> t.op(Ops.LOG, t.exp(t.x))),
                row("y", t -> t.op(Ops.WHERE, t.op(Ops.GT, t.x, t.c(0)), t.y, t.y)),
                row("x > y", t -> t.op(Ops.WHERE, t.op(Ops.GT, t.x, t.y), t.c(1), t.c(0))),
                row("if x then 1 else 0", t -> t.op(Ops.WHERE, t.x, t.c(1), t.c(0))),
                row("x", t -> t.op(Ops.MAX, t.x, t.x)),
                row("1", t -> t.op(Ops.GE, t.x, t.x)),
                row("[0, 0, 0]", t -> t.op(Ops.LT, t.v, t.v)),
                row("-sum(v)", t -> t.op(Ops.SUM, t.neg(t.v))),
                row("[0, 0]", t -> t.op(Ops.MATVEC, t.m, t.g.filled(0, Shape.vector(3)))),
                row("M @ s", t -> t.op(Ops.MATVEC, t.m, t.add(t.s, t.g.filled(0, Shape.vector(3))))),
                // rewrites inside shared subexpressions keep them shared
                row("let t1 = exp(x)\nt1 ^ 2 + t1", t -> t.add(t.mul(t.exp(t.x), t.exp(t.x)), t.exp(t.x))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void simplifiesTo(String expected, Function<Vars, Node> expression) {
        Vars t = new Vars();
        Node original = expression.apply(t);
        Node simplified = Simplifier.simplify(original, t.g);
        assertEquals(expected, ExprPrinter.infix(simplified));
        assertEquals(original.shape(), simplified.shape());
        assertSame(simplified, Simplifier.simplify(simplified, t.g), "a fixed point");
        SplittableRandom random = new SplittableRandom(expected.hashCode());
        for (int trial = 0; trial < 5; trial++) {
            double[] theta = random.doubles(11, 0.2, 2).toArray();
            var inputs = TestEval.inputs(random.doubles(3, -1, 1).toArray(), random.nextInt(3));
            double[] before;
            try {
                before = TestEval.evaluate(original, theta, inputs);
            } catch (DomainError e) {
                continue;
            }
            TestEval.assertClose(before, TestEval.evaluate(simplified, theta, inputs), 1e-12, expected);
        }
    }

    @Test
    void equalResultsAreOneNode() {
        Vars t = new Vars();
        Simplifier simplifier = new Simplifier(t.g);
        Node first = simplifier.simplify(t.add(t.neg(t.x), t.y));
        Node second = simplifier.simplify(t.neg(t.sub(t.x, t.y)));
        assertSame(first, second);
    }
}
