package dev.policygrad.ad;

import dev.policygrad.diag.SizeLimitError;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.ElementwiseBinary;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Instr;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an expression into a simpler one with the same value, for printing derivatives the way
 * a textbook writes them ({@code onehot(a) - softmax(theta)} rather than
 * {@code onehot(a) * 1 + -1 * softmax(theta)}).
 *
 * <p>Nodes are rewritten bottom-up, each until no rule applies, so the result is a fixed point of
 * the rules below; it is built through the {@link Graph}, so common subexpressions stay one node.
 * <ul>
 *   <li>constant folding: a primitive whose arguments are all constants is evaluated by its own
 *       kernel (never when that would raise a domain error, which is left for run time);</li>
 *   <li>sums: {@code +}, {@code -} and negation are flattened into {@code sum_i c_i t_i}; like terms
 *       are collected ({@code x + x = 2 x}, {@code x - x = 0}), constants added up, and the sum is
 *       rebuilt with a positive term first ({@code -b + a = a - b}, {@code a - (-b) = a + b});</li>
 *   <li>products: {@code 0 x = 0}, {@code 1 x = x}, {@code c (d x) = (cd) x},
 *       {@code (-x) y = -(x y)}, {@code x x = x^2}, {@code x^a x^b = x^(a+b)} (not when
 *       {@code a + b = 0}), {@code (u / y) y = u} and {@code (u y) / y = u} only when {@code y} is
 *       provably non-zero ({@code exp}, non-zero constants, and products and powers of those);</li>
 *   <li>{@code x^1 = x}, {@code x^0 = 1}, {@code (x^a)^n = x^(an)} for integer {@code n};</li>
 *   <li>{@code max(x, x) = min(x, x) = x}, {@code x >= x} is 1 and {@code x > x} is 0;</li>
 *   <li>structure: {@code sum(broadcast(x)) = n x}, {@code sum(c x) = c sum(x)}, {@code sum(-x) = -sum(x)},
 *       {@code [x_0, ..][k] = x_k}, {@code onehot(i)[j] = (i == j)},
 *       {@code dot(onehot(i), v) = v[i]}, {@code (A^T)^T = A}, {@code log(exp(x)) = x},
 *       {@code exp(log(x)) = x}, {@code log(softmax(z)[i]) = z[i] - logsumexp(z)},
 *       {@code if c then x else x = x},
 *       {@code if c then 1 else 0 = c} for a comparison {@code c}.</li>
 * </ul>
 * Every rule is an identity of real arithmetic that holds wherever the original is defined, so a
 * simplified expression takes the original's value up to rounding. It never divides out a factor
 * that may be zero. It may drop a subexpression that would have raised a domain error (as
 * {@code x * 0 = 0} drops {@code x}), exactly as {@link Graph}'s own helpers do.
 */
public final class Simplifier {

    /** Rewrites of one node beyond this depth are left as they are (a guard, not a rule). */
    private static final int MAX_DEPTH = 64;

    /**
     * The most work one simplifier does: nodes rewritten plus terms visited while flattening sums. A chain of
     * n additions is flattened once, by its outermost sum; but where its partial sums are used elsewhere too
     * each is flattened on its own and the work grows with n^2. Beyond this limit the simplifier stops with a
     * {@link SizeLimitError} rather than run for minutes.
     */
    public static final long WORK_LIMIT = 5_000_000;

    /**
     * The work limit of the simplifiers made from now on: {@link #WORK_LIMIT}, lowered only by tests, so that a
     * small program reaches it (one that reaches the real limit, a sum of 100,000 terms of a dozen operations each,
     * takes minutes to check).
     */
    static long workLimit = WORK_LIMIT;

    private final long limit = workLimit;
    private long work;

    private final Graph g;
    private final Map<Node, Node> normal = new IdentityHashMap<>();
    /** Sums left for the sum that uses them to flatten, with their arguments simplified. */
    private final Map<Node, Node> partial = new IdentityHashMap<>();
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private int depth;

    /** A simplifier building into {@code g}; it remembers what it has simplified. */
    public Simplifier(Graph g) {
        this.g = g;
    }

    /** {@code expr} simplified, built in {@code g}. */
    public static Node simplify(Node expr, Graph g) {
        return new Simplifier(g).simplify(expr);
    }

    /** {@code expr} simplified to a fixed point of the rules. */
    public Node simplify(Node expr) {
        List<Node> order = Graph.topologicalOrder(expr);
        Set<Node> inner = innerSums(order, expr);
        for (Node node : order) {
            if (normal.containsKey(node)) continue;
            // a sum used only by sums is flattened by the outermost one: collecting every partial sum of a chain
            // of n additions on its own would take n^2 steps
            if (inner.contains(node)) partial.put(node, rebuild(node));
            else normal.put(node, normalize(rebuild(node)));
        }
        return normal.get(expr);
    }

    /** The sums of {@code order} other than {@code root} whose every user in {@code order} is a sum. */
    private static Set<Node> innerSums(List<Node> order, Node root) {
        Set<Node> inner = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> usedElsewhere = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : order) {
            if (!(node instanceof Node.Apply a)) continue;
            boolean sum = a.op() == Ops.ADD || a.op() == Ops.SUB;
            for (Node arg : a.args()) {
                if (sum) inner.add(arg);
                else usedElsewhere.add(arg);
            }
        }
        inner.removeAll(usedElsewhere);
        inner.remove(root);
        inner.removeIf(n -> !(Ops.ADD.is(n) || Ops.SUB.is(n)));
        return inner;
    }

    /** {@code node} in {@code g}, with its arguments replaced by their simplified forms. */
    private Node rebuild(Node node) {
        if (!(node instanceof Node.Apply a)) return g.intern(node);
        List<Node> args = new ArrayList<>(a.args().size());
        for (Node arg : a.args()) {
            Node n = normal.get(arg);
            args.add(n != null ? n : partial.get(arg));
        }
        return g.intern(new Node.Apply(a.op(), args, a.shape(), a.span()));
    }

    /** Rewrites {@code node} (whose arguments are simplified) until no rule applies. */
    private Node normalize(Node node) {
        Node known = normal.get(node);
        if (known != null) return known;
        // a chain of rewrites that comes back to a node it started from has reached a fixed point
        if (inProgress.contains(node)) return node;
        charge(1);
        Node rewritten = node instanceof Node.Apply a ? rewrite(a) : node;
        if (rewritten == node || depth >= MAX_DEPTH) {
            normal.put(node, rewritten);
            return rewritten;
        }
        depth++;
        inProgress.add(node);
        try {
            Node result = simplify(rewritten);
            normal.put(node, result);
            return result;
        } finally {
            depth--;
            inProgress.remove(node);
        }
    }

    /** One rewrite at the top of {@code y}, or {@code y} itself when no rule applies. */
    private Node rewrite(Node.Apply y) {
        Node folded = fold(y);
        if (folded != null) return folded;
        Op op = y.op();
        List<Node> args = y.args();
        Node x = args.get(0), z = args.size() > 1 ? args.get(1) : null;
        Node r;
        if (op == Ops.ADD || op == Ops.SUB) r = Sums.collect(g, y, this);
        else if (op == Ops.NEG) r = negation(x);
        else if (op == Ops.MUL) r = product(x, z);
        else if (op == Ops.DIV) r = quotient(x, z);
        else if (op == Ops.POW) r = power(x, z, y.shape());
        else {
            r = z == x && args.size() == 2 ? sameArguments(op, x, y.shape()) : null;
            if (r == null) r = structure(y, x, z);
        }
        return r == null ? y : g.widen(r, y.shape());
    }

    /** Counts {@code units} of work; beyond {@link #WORK_LIMIT} the simplification stops with an error. */
    private void charge(long units) {
        work += units;
        if (work > limit) {
            throw new SizeLimitError("simplifying the symbolic derivative takes more than " + limit
                    + " steps (a step for each operation of the derivative, and a long sum whose partial sums are used"
                    + " elsewhere too is collected once per partial sum); reverse mode (score, eval, train) and the"
                    + " other methods of check are unaffected, and check skips its symbolic method");
        }
    }

    private Node negation(Node x) {
        if (x instanceof Node.Const || Ops.NEG.is(x)) return g.neg(x);
        if (Ops.SUB.is(x)) return g.sub(arg(x, 1), arg(x, 0));
        if (Ops.MUL.is(x) && scalarConst(arg(x, 0))) return g.mul(g.neg(arg(x, 0)), arg(x, 1));
        return null;
    }

    private Node product(Node x, Node z) {
        Node viaGraph = g.mul(x, z);
        if (!Ops.MUL.is(viaGraph) || arg(viaGraph, 0) != x) return viaGraph;
        // combined constants must stay finite: the language has no literal for Infinity, and c1 * (c2 * t)
        // evaluates to a finite number where c2 * t is small
        if (scalarConst(x) && Ops.MUL.is(z) && scalarConst(arg(z, 0)) && Double.isFinite(value(x) * value(arg(z, 0)))) {
            return g.mul(g.constant(value(x) * value(arg(z, 0))), arg(z, 1));
        }
        if (scalarConst(x) && Ops.NEG.is(z)) return g.mul(g.neg(x), arg(z, 0));
        if (Ops.NEG.is(x)) return g.neg(g.mul(arg(x, 0), z));
        if (Ops.NEG.is(z)) return g.neg(g.mul(x, arg(z, 0)));
        if (Ops.DIV.is(x) && arg(x, 1) == z && nonzero(z)) return arg(x, 0);
        if (Ops.DIV.is(z) && arg(z, 1) == x && nonzero(x)) return arg(z, 0);
        Node base = base(x);
        if (base == base(z) && !(base instanceof Node.Const)) {
            double e = exponent(x) + exponent(z);
            if (e != 0 && Double.isFinite(e)) return e == 1 ? base : g.call(Ops.POW, base, g.constant(e));
        }
        return null;
    }

    private Node quotient(Node x, Node z) {
        Node viaGraph = g.div(x, z);
        if (!Ops.DIV.is(viaGraph)) return viaGraph;
        if (Ops.NEG.is(x)) return g.neg(g.div(arg(x, 0), z));
        if (Ops.NEG.is(z)) return g.neg(g.div(x, arg(z, 0)));
        if (x == z && nonzero(z)) return g.constant(1);
        if (Ops.MUL.is(x) && nonzero(z)) {
            if (arg(x, 1) == z) return arg(x, 0);
            if (arg(x, 0) == z) return arg(x, 1);
        }
        return null;
    }

    private Node power(Node x, Node z, Shape shape) {
        if (!scalarConst(z)) return null;
        double e = value(z);
        if (e == 1) return x;
        if (e == 0) return g.filled(1, shape);
        if (Ops.POW.is(x) && scalarConst(arg(x, 1)) && e == Math.rint(e) && Double.isFinite(value(arg(x, 1)) * e)) {
            return g.call(Ops.POW, arg(x, 0), g.constant(value(arg(x, 1)) * e));
        }
        return null;
    }

    /** {@code max(x, x) = x}; a comparison of {@code x} with itself is constant. */
    private Node sameArguments(Op op, Node x, Shape shape) {
        if (op == Ops.MAX || op == Ops.MIN) return x;
        if (op == Ops.GE || op == Ops.LE || op == Ops.EQ) return g.filled(1, shape);
        if (op == Ops.GT || op == Ops.LT || op == Ops.NE) return g.filled(0, shape);
        return null;
    }

    /** Rules for reductions, indexing, products of arrays and element-wise functions. */
    private Node structure(Node.Apply y, Node x, Node z) {
        Op op = y.op();
        if (op == Ops.SUM) {
            if (x.shape().isScalar()) return x;
            if (Ops.BROADCAST.is(x)) return g.mul(g.constant(x.shape().size()), arg(x, 0));
            if (Ops.MUL.is(x) && scalarConst(arg(x, 0))) return g.mul(arg(x, 0), g.call(Ops.SUM, arg(x, 1)));
            if (Ops.ONEHOT.is(x)) return g.constant(1);
            if (Ops.NEG.is(x)) return g.neg(g.call(Ops.SUM, arg(x, 0)));
        } else if (op == Ops.PICK) {
            if (Ops.STACK.is(x) && scalarConst(z)) {
                double k = value(z);
                // an index out of range stays, to fail at run time as written
                if (k == Math.rint(k) && k >= 0 && k < ((Node.Apply) x).args().size()) return arg(x, (int) k);
            }
            if (Ops.BROADCAST.is(x)) return arg(x, 0);
            if (Ops.ONEHOT.is(x)) return g.call(Ops.EQ, arg(x, 0), z);
            if (x instanceof Node.Const c && c.values().length > 0 && c.isScalarValue(c.values()[0])) {
                return g.filled(c.values()[0], y.shape());
            }
        } else if (op == Ops.DOT) {
            if (Ops.ONEHOT.is(x)) return g.call(Ops.PICK, z, arg(x, 0));
            if (Ops.ONEHOT.is(z)) return g.call(Ops.PICK, x, arg(z, 0));
        } else if (op == Ops.TRANSPOSE) {
            if (Ops.TRANSPOSE.is(x)) return arg(x, 0);
        } else if (op == Ops.LOG) {
            if (Ops.EXP.is(x)) return arg(x, 0);
            // softmax(z)[i] > 0 for finite z, so its log is z[i] - logsumexp(z) wherever both are defined
            if (Ops.PICK.is(x) && Ops.SOFTMAX.is(arg(x, 0)) && arg(x, 0).shape().isVector()) {
                Node logits = arg(arg(x, 0), 0);
                return g.sub(g.call(Ops.PICK, logits, arg(x, 1)), g.call(Ops.LOGSUMEXP, logits));
            }
        } else if (op == Ops.EXP) {
            if (Ops.LOG.is(x)) return arg(x, 0);
        } else if (op == Ops.WHERE) {
            Node then = z, otherwise = y.arg(2);
            if (then == otherwise) return then;
            if (Graph.isOne(then) && Graph.isZero(otherwise) && isTruthValue(x)) return x;
            if (x instanceof Node.Const c) {
                if (c.isScalarValue(0)) return otherwise;
                boolean allTrue = true;
                for (double v : c.values()) allTrue &= v != 0;
                if (allTrue) return then;
            }
        }
        if (op == Ops.DOT || op == Ops.MATVEC || op == Ops.VECMAT || op == Ops.MATMUL || op == Ops.OUTER) {
            if (Graph.isZero(x) || Graph.isZero(z)) return g.filled(0, y.shape());
        }
        return null;
    }

    /**
     * The value of {@code y} when all its arguments are constants, computed by the primitive's own
     * kernel on a scratch array laid out as one {@link Instr}; null when an argument is not constant,
     * or the kernel finds the arguments outside its domain, or the value is not finite.
     */
    private Node fold(Node.Apply y) {
        List<Node.Const> args = new ArrayList<>(y.args().size());
        for (Node arg : y.args()) {
            if (!(arg instanceof Node.Const c)) return null;
            args.add(c);
        }
        double[] out;
        try {
            out = Instr.evaluate(y.op(), y.shape(), args);
        } catch (DomainError | UnsupportedOperationException e) {
            return null;
        }
        for (double value : out) if (!Double.isFinite(value)) return null;
        return g.constant(out, y.shape());
    }

    /**
     * Whether {@code y} is non-zero for every value of its variables, as a real number (an
     * exponential, a sigmoid, one minus a sigmoid and a softplus are; a sum of squares is too, but is
     * not recognised).
     */
    static boolean nonzero(Node y) {
        if (y instanceof Node.Const c) {
            for (double v : c.values()) if (v == 0 || !Double.isFinite(v)) return false;
            return true;
        }
        if (Ops.EXP.is(y)) return true;
        // as real numbers sigmoid(x) lies in (0, 1), so sigmoid(x), 1 - sigmoid(x) and softplus(x) are positive
        if (Ops.SIGMOID.is(y) || Ops.SOFTPLUS.is(y)) return true;
        if (Ops.SUB.is(y) && Graph.isOne(arg(y, 0)) && Ops.SIGMOID.is(arg(y, 1))) return true;
        if (Ops.NEG.is(y) || Ops.POW.is(y) && arg(y, 1) instanceof Node.Const) return nonzero(arg(y, 0));
        if (Ops.MUL.is(y)) return nonzero(arg(y, 0)) && nonzero(arg(y, 1));
        return false;
    }

    /** Whether {@code x} is always exactly 0 or 1: a comparison or a logical operation. */
    private static boolean isTruthValue(Node x) {
        return x instanceof Node.Apply a && (a.op() instanceof ElementwiseBinary b && b.isLogical() || a.op() == Ops.NOT);
    }

    /** {@code b} for a power {@code b^e} with a constant exponent, else the node itself. */
    private static Node base(Node x) {
        return Ops.POW.is(x) && scalarConst(arg(x, 1)) ? arg(x, 0) : x;
    }

    private static double exponent(Node x) {
        return Ops.POW.is(x) && scalarConst(arg(x, 1)) ? value(arg(x, 1)) : 1;
    }

    static Node arg(Node apply, int k) {
        return ((Node.Apply) apply).arg(k);
    }

    static boolean scalarConst(Node x) {
        return x instanceof Node.Const c && c.shape().isScalar();
    }

    static double value(Node scalarConst) {
        return ((Node.Const) scalarConst).value();
    }

    /** Sums as collections of terms: {@code c_0 + sum_i c_i t_i}. */
    private static final class Sums {

        private Sums() {}

        /** The sum {@code y} flattened, its like terms collected, rebuilt with a positive term first; null when a
         * collected coefficient or constant is not finite (the sum is then kept as written). */
        static Node collect(Graph g, Node.Apply y, Simplifier budget) {
            Map<Node, Double> coefficients = new LinkedHashMap<>();
            double[] constant = new double[y.shape().size()];
            boolean[] hasConstant = {false};
            long[] visited = {0};
            addTerms(y, 1, coefficients, constant, hasConstant, visited, budget);
            budget.charge(visited[0] % 4096);
            List<Node> terms = new ArrayList<>();
            List<Double> factors = new ArrayList<>();
            for (Map.Entry<Node, Double> e : coefficients.entrySet()) {
                if (e.getValue() == 0) continue;
                terms.add(e.getKey());
                factors.add(e.getValue());
            }
            // like terms whose coefficients (or constants) add up beyond the doubles stay as written
            for (double f : factors) if (!Double.isFinite(f)) return null;
            for (double v : constant) if (!Double.isFinite(v)) return null;
            if (hasConstant[0] && !allZero(constant)) {
                boolean uniform = true;
                for (double v : constant) uniform &= v == constant[0];
                terms.add(uniform ? g.constant(1) : g.constant(constant, y.shape()));
                factors.add(uniform ? constant[0] : 1.0);
            }
            if (terms.isEmpty()) return g.filled(0, y.shape());
            int head = 0;
            while (head < terms.size() && factors.get(head) < 0) head++;
            if (head == terms.size()) head = 0;
            Node sum = g.mul(g.constant(factors.get(head)), terms.get(head));
            for (int i = 0; i < terms.size(); i++) {
                if (i == head) continue;
                double c = factors.get(i);
                Node magnitude = g.mul(g.constant(Math.abs(c)), terms.get(i));
                sum = c > 0 ? g.add(sum, magnitude) : g.sub(sum, magnitude);
            }
            return sum;
        }

        /** Adds {@code c x} to the terms, flattening sums left to right; a loop, so a long chain needs no deep stack. */
        private static void addTerms(Node root, double rootC, Map<Node, Double> coefficients, double[] constant,
                boolean[] hasConstant, long[] visited, Simplifier budget) {
            java.util.ArrayDeque<Node> nodes = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Double> factors = new java.util.ArrayDeque<>();
            nodes.push(root);
            factors.push(rootC);
            while (!nodes.isEmpty()) {
                Node x = nodes.pop();
                double c = factors.pop();
                if (++visited[0] % 4096 == 0) budget.charge(4096);
                if (Ops.ADD.is(x) || Ops.SUB.is(x)) {
                    // the right operand is pushed first, so the left one is visited first
                    nodes.push(arg(x, 1));
                    factors.push(Ops.SUB.is(x) ? -c : c);
                    nodes.push(arg(x, 0));
                    factors.push(c);
                } else if (Ops.NEG.is(x)) {
                    nodes.push(arg(x, 0));
                    factors.push(-c);
                } else if (Ops.MUL.is(x) && scalarConst(arg(x, 0)) && !Ops.ADD.is(arg(x, 1)) && !Ops.SUB.is(arg(x, 1))) {
                    nodes.push(arg(x, 1));
                    factors.push(c * value(arg(x, 0)));
                } else if (x instanceof Node.Const k) {
                    double[] values = k.values();
                    for (int i = 0; i < constant.length; i++) constant[i] += c * values[values.length == 1 ? 0 : i];
                    hasConstant[0] = true;
                } else {
                    coefficients.merge(x, c, Double::sum);
                }
            }
        }

        private static boolean allZero(double[] values) {
            for (double v : values) if (v != 0) return false;
            return true;
        }
    }
}
