package dev.policygrad.check;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds the work of expanding {@code let}s and {@code def}s before any of it is done. The parser
 * bounds how deeply one formula nests, but names multiply it: a chain of 38,000 {@code let}s, each
 * using the one before, nests 38,000 levels once expanded, and {@code def f1(x) = f0(f0(x))}, ...
 * doubles the operations to build at every level. So for every {@code let} and {@code def} this
 * computes, from the syntax tree alone,
 * <ul>
 *   <li>its expanded depth: the nesting of its body with every {@code let} and {@code def} it uses
 *       replaced by its own expanded depth; and</li>
 *   <li>its expanded size: the operations lowering it builds, where a {@code def} is built once per
 *       call (its body is lowered again with the arguments bound) and a {@code let} once in all (it
 *       is shared), and a {@code sum} with literal bounds repeats its body per term;</li>
 * </ul>
 * and refuses a declaration whose depth exceeds {@link #MAX_DEPTH} or size exceeds {@link #MAX_SIZE}
 * at its name. Declarations are visited in dependency order with an explicit stack, so the bound
 * itself never recurses along a chain of names (a body's own nesting is bounded by the parser).
 * Cycles are left to {@link Lowering}, which names them.
 */
public final class ExpansionBounds {

    /** The deepest a formula may nest once its lets and defs are expanded. */
    public static final int MAX_DEPTH = 10_000;

    /** The most operations the expansion of one declaration may build. */
    public static final long MAX_SIZE = 5_000_000;

    private final Map<String, Decl> named = new HashMap<>();
    private final Map<String, long[]> measured = new HashMap<>();
    private final boolean limited;

    private ExpansionBounds(List<Decl> decls, boolean limited) {
        this.limited = limited;
        for (Decl d : decls) {
            if (d instanceof Decl.LetDecl || d instanceof Decl.DefDecl) named.putIfAbsent(d.name().text(), d);
        }
    }

    /** Checks every {@code let}, {@code def} and the policy of {@code decls}; a CheckError at the first too large. */
    public static void check(List<Decl> decls) {
        ExpansionBounds bounds = new ExpansionBounds(decls, true);
        for (Decl d : decls) {
            if (d instanceof Decl.LetDecl || d instanceof Decl.DefDecl) bounds.measure(d.name().text());
        }
        for (Decl d : decls) {
            if (d instanceof Decl.PolicyDecl p) bounds.limit("the policy", bounds.cost(p.body(), Set.of()), p.body().span());
        }
    }

    /**
     * The expanded depth of every {@code let} and {@code def} of {@code decls}, by name, measured as
     * {@link #check} measures it but not stopped at {@link #MAX_DEPTH} or {@link #MAX_SIZE}: for text the
     * engine writes and holds to them itself ({@code derive}'s, which must read back).
     */
    public static Map<String, Long> depths(List<Decl> decls) {
        ExpansionBounds bounds = new ExpansionBounds(decls, false);
        Map<String, Long> depths = new LinkedHashMap<>();
        for (Decl d : decls) {
            if (d instanceof Decl.LetDecl || d instanceof Decl.DefDecl) {
                bounds.measure(d.name().text());
                depths.put(d.name().text(), bounds.measured.get(d.name().text())[0]);
            }
        }
        return depths;
    }

    /** Measures {@code root} and everything it uses, dependencies first, without recursing along names. */
    private void measure(String root) {
        Deque<String> stack = new ArrayDeque<>();
        Set<String> open = new HashSet<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            String name = stack.peek();
            if (measured.containsKey(name)) {
                stack.pop();
                continue;
            }
            Decl d = named.get(name);
            List<String> pending = new ArrayList<>();
            if (open.add(name)) {
                for (String used : uses(d)) {
                    if (!measured.containsKey(used) && !open.contains(used)) pending.add(used);
                }
            }
            if (!pending.isEmpty()) {
                pending.forEach(stack::push);
                continue;
            }
            stack.pop();
            long[] cost = d instanceof Decl.LetDecl l ? cost(l.value(), Set.of())
                    : cost(((Decl.DefDecl) d).body(), parameters((Decl.DefDecl) d));
            limit("'" + name + "'", cost, d.name().span());
            measured.put(name, cost);
        }
    }

    private void limit(String what, long[] cost, Span span) {
        if (!limited) return;
        if (cost[0] > MAX_DEPTH) {
            throw new CheckError(span, what + " nests " + cost[0] + " levels deep once the lets and defs it uses are "
                    + "expanded; the limit is " + MAX_DEPTH);
        }
        if (cost[1] > MAX_SIZE) {
            throw new CheckError(span, what + " expands to more than " + MAX_SIZE + " operations (about " + cost[1]
                    + "); a def is expanded at every call, so calls of calls multiply");
        }
    }

    private static Set<String> parameters(Decl.DefDecl d) {
        Set<String> names = new HashSet<>();
        d.params().forEach(p -> names.add(p.text()));
        return names;
    }

    /** The lets and defs a declaration's body mentions (an over-approximation: shadowing is ignored). */
    private List<String> uses(Decl d) {
        List<String> out = new ArrayList<>();
        Expr body = d instanceof Decl.LetDecl l ? l.value() : ((Decl.DefDecl) d).body();
        collect(body, out);
        return out;
    }

    private void collect(Expr e, List<String> out) {
        if (e instanceof Expr.Name n) {
            if (named.containsKey(n.name())) out.add(n.name());
        } else if (e instanceof Expr.Call c) {
            if (named.containsKey(c.function())) out.add(c.function());
            for (Expr.Arg a : c.args()) collect(a.value(), out);
        } else {
            for (Expr child : children(e)) collect(child, out);
        }
    }

    /** {depth, size} of lowering {@code e}, with {@code bound} the names local to it (def parameters, sum variables). */
    private long[] cost(Expr e, Set<String> bound) {
        if (e instanceof Expr.Name n) {
            if (!bound.contains(n.name()) && named.get(n.name()) instanceof Decl.LetDecl) {
                long[] let = measured.get(n.name());
                return new long[] {1 + (let == null ? 0 : let[0]), 1};
            }
            return new long[] {1, 1};
        }
        long[] total = {0, 1};
        if (e instanceof Expr.SumLoop s) {
            Set<String> inner = new HashSet<>(bound);
            inner.add(s.variable());
            long[] body = cost(s.body(), inner);
            long terms = s.from() instanceof Expr.Number a && s.to() instanceof Expr.Number b
                    ? Math.max(1, (long) b.value() - (long) a.value() + 1) : 1;
            // a loop too long to unroll at all is refused by the lowering, with the loop's own message
            if (terms > Lowering.MAX_UNROLLED) terms = 1;
            return new long[] {1 + body[0], saturating(1 + saturatingTimes(terms, body[1] + 1))};
        }
        for (Expr child : children(e)) {
            long[] c = cost(child, bound);
            total[0] = Math.max(total[0], c[0]);
            total[1] = saturating(total[1] + c[1]);
        }
        total[0] += 1;
        if (e instanceof Expr.Call c && !bound.contains(c.function()) && named.get(c.function()) instanceof Decl.DefDecl) {
            long[] def = measured.get(c.function());
            if (def != null) {
                total[0] += def[0];
                total[1] = saturating(total[1] + def[1]);
            }
        }
        return total;
    }

    private static List<Expr> children(Expr e) {
        if (e instanceof Expr.Vector v) return v.elements();
        if (e instanceof Expr.Index i) return List.of(i.target(), i.index());
        if (e instanceof Expr.Unary u) return List.of(u.operand());
        if (e instanceof Expr.Binary b) return List.of(b.left(), b.right());
        if (e instanceof Expr.If i) return List.of(i.condition(), i.then(), i.otherwise());
        if (e instanceof Expr.SumLoop s) return List.of(s.from(), s.to(), s.body());
        if (e instanceof Expr.Call c) {
            List<Expr> args = new ArrayList<>();
            for (Expr.Arg a : c.args()) args.add(a.value());
            return args;
        }
        return List.of();
    }

    private static long saturating(long x) {
        return x < 0 ? Long.MAX_VALUE / 4 : Math.min(x, Long.MAX_VALUE / 4);
    }

    private static long saturatingTimes(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / 4 / b ? Long.MAX_VALUE / 4 : a * b;
    }
}
