package dev.policygrad.check;

import dev.policygrad.diag.Suggestions;
import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.ElementwiseUnary;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a formula into IR: resolves names, expands {@code def} calls and unrolls {@code sum} loops,
 * infers and checks shapes, and folds constants. {@code let}s are lowered once, on first use, and
 * shared. Errors name the source position and what was expected.
 */
final class Lowering implements Expr.Visitor<Node> {

    /** Where noise draws in environment formulas come from; absent for policies. */
    public interface NoiseSource {
        /** A fresh standard normal draw. */
        Node normal(Span span);

        /** A fresh standard uniform draw. */
        Node uniform(Span span);
    }

    /**
     * The names and functions of one episode ({@code T}, {@code score(t)}, ...), for estimator and value
     * formulas; see {@link EpisodeVocabulary}. They come before the program's own names.
     */
    public interface EpisodeScope {
        /** The value of {@code name}, or null when the scope does not define it. */
        Node name(String name, Span span);

        /** The value of {@code call}, or null when the scope does not define the function. */
        Node call(Lowering lowering, Expr.Call call);
    }

    /** A name that exists but may not be used here, with the reason. */
    record Forbidden(String reason) {}

    static final int MAX_UNROLLED = 100_000;
    static final Set<String> DISTRIBUTIONS = Set.of("categorical", "normal", "bernoulli", "uniform",
            "tanh_normal");

    private final Graph g;
    private final Map<String, Node> globals = new HashMap<>();
    private final Map<String, Forbidden> forbidden = new HashMap<>();
    private final Map<String, Decl.LetDecl> lets = new HashMap<>();
    private final Map<String, Node> letValues;
    private final Set<String> letsInProgress = new LinkedHashSet<>();
    /** Shared with the episode lowerings made from this one, which may run on several threads. */
    private final Set<String> usedLets;
    private final Map<String, Decl.DefDecl> defs = new HashMap<>();
    private final Deque<String> defStack = new ArrayDeque<>();
    private final Deque<Map<String, Node>> locals = new ArrayDeque<>();
    private NoiseSource noise;
    private EpisodeScope episode;
    private int unrolled;

    public Lowering(Graph g) {
        this.g = g;
        this.letValues = new HashMap<>();
        this.usedLets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    /** Shares the program's names, {@code let}s and {@code def}s with {@code parent}, on graph {@code g}. */
    private Lowering(Lowering parent, Graph g, EpisodeScope episode) {
        this.g = g;
        this.globals.putAll(parent.globals);
        this.forbidden.putAll(parent.forbidden);
        this.lets.putAll(parent.lets);
        this.defs.putAll(parent.defs);
        this.letValues = new HashMap<>();
        this.usedLets = parent.usedLets;
        this.episode = episode;
    }

    /**
     * A lowering of formulas over one episode: this program's names and functions, with {@code scope}'s
     * episode vocabulary in front, on a fresh graph (so constants of one episode do not pile up in the
     * program's graph).
     */
    public Lowering forEpisode(EpisodeScope scope) {
        return new Lowering(this, new Graph(), scope);
    }

    /** Lowers {@code body} with {@code variable} bound to {@code value} and no other local names. */
    public Node lowerWith(Expr body, String variable, Node value) {
        Deque<Map<String, Node>> savedLocals = new ArrayDeque<>(locals);
        locals.clear();
        Map<String, Node> scope = new HashMap<>();
        scope.put(variable, value);
        locals.push(scope);
        try {
            return body.accept(this);
        } finally {
            locals.clear();
            locals.addAll(savedLocals);
        }
    }

    public Graph graph() {
        return g;
    }

    /** Makes {@code name} stand for {@code node} everywhere. */
    public void define(String name, Node node) {
        globals.put(name, node);
    }

    void forbid(String name, String reason) {
        forbidden.put(name, new Forbidden(reason));
    }

    void let(Decl.LetDecl let) {
        lets.put(let.name().text(), let);
    }

    /**
     * Lowers every {@code let} not lowered yet, so that one nobody uses is still checked (its errors
     * at its position); returns a warning for each {@code let} no formula refers to.
     */
    List<String> lowerEveryLet() {
        List<Decl.LetDecl> ordered = new ArrayList<>(lets.values());
        ordered.sort(java.util.Comparator.comparing((Decl.LetDecl l) -> String.valueOf(l.span().file()))
                .thenComparingInt(l -> l.span().line())
                .thenComparingInt(l -> l.span().column()));
        List<String> warnings = new ArrayList<>();
        for (Decl.LetDecl let : ordered) {
            letValue(let, let.name().span());
            if (!usedLets.contains(let.name().text())) {
                warnings.add(let.name().span().where() + ": warning: '" + let.name().text() + "' is never used");
            }
        }
        return warnings;
    }

    void def(Decl.DefDecl def) {
        defs.put(def.name().text(), def);
    }

    /** Lowers {@code e}, with noise draws allowed from {@code source} (null: not allowed). */
    public Node lower(Expr e, NoiseSource source) {
        NoiseSource saved = noise;
        noise = source;
        try {
            return e.accept(this);
        } finally {
            noise = saved;
        }
    }

    /** Lowers {@code e} with no noise allowed. */
    public Node lower(Expr e) {
        return lower(e, null);
    }

    /** Lowers {@code e}, which must fold to a constant (initial values, loop bounds). */
    Node.Const constant(Expr e, String what) {
        Node n = lower(e);
        if (!(n instanceof Node.Const c)) throw new CheckError(e.span(), what + " must be a constant");
        return c;
    }

    /** {@code op(args)}, folded when every argument is a constant. */
    Node apply(Op op, Span span, Node... args) {
        Shape shape = op.shape(List.of(args), span);
        boolean constant = true;
        List<Node.Const> consts = new ArrayList<>();
        for (Node arg : args) {
            if (arg instanceof Node.Const c) consts.add(c);
            else constant = false;
        }
        // softmax and sigmoid of constants stay formulas: their values are finite, and LogSpace needs their
        // form to take log(softmax(z)[a]) or log(sigmoid(x)) in log space (folded, e^-900 was 0 and its log -Infinity)
        if (!constant || op == Ops.SOFTMAX || op == Ops.SIGMOID) return g.apply(op, span, args);
        return fold(op, shape, consts, span);
    }

    /**
     * {@code n} as one constant when it is made of constants alone, else null. Lowering leaves some
     * formulas of constants unfolded (softmax and sigmoid, whose form log space needs; onehot; and what
     * is built on them), so a formula over one episode, where every value is a constant, is folded whole
     * here: an estimator may weigh by {@code sigmoid(return(t))} as by {@code tanh(return(t))}.
     */
    Node.Const folded(Node n) {
        return folded(n, new IdentityHashMap<>());
    }

    private Node.Const folded(Node n, Map<Node, Node.Const> done) {
        if (n instanceof Node.Const c) return c;
        if (!(n instanceof Node.Apply a)) return null;
        Node.Const known = done.get(n);
        if (known != null) return known;
        List<Node.Const> consts = new ArrayList<>();
        for (Node arg : a.args()) {
            Node.Const c = folded(arg, done);
            if (c == null) return null;
            consts.add(c);
        }
        Node.Const value = fold(a.op(), a.shape(), consts, a.span());
        done.put(n, value);
        return value;
    }

    private Node.Const fold(Op op, Shape shape, List<Node.Const> consts, Span span) {
        foldingWork += FoldingCost.of(op, consts, shape);
        if (foldingWork > FoldingCost.MAX_WORK) {
            throw new CheckError(span, "computing the constants of this program takes more than " + FoldingCost.MAX_WORK
                    + " arithmetic operations (about " + foldingWork + " so far, here in " + op.name() + "); make the "
                    + "formula smaller, or pass the large values as a state");
        }
        return Folding.fold(g, op, shape, consts, span, finiteConstants && episode == null);
    }

    /** Arithmetic operations spent folding constants so far, bounded by {@link FoldingCost#MAX_WORK}. */
    private long foldingWork;

    /**
     * Whether a constant that folds to Infinity or NaN is a CheckError at its operation (see {@link Folding}):
     * so for the program's own formulas; not for an episode's values, which are data checked where they are
     * used, nor for {@link Constants}, whose callers name the option the value came from.
     */
    private boolean finiteConstants = true;

    /** This lowering, folding constants to Infinity or NaN without complaint (the caller checks them). */
    Lowering allowingNonFiniteConstants() {
        finiteConstants = false;
        return this;
    }

    // ---- expressions ----

    @Override
    public Node visitNumber(Expr.Number e) {
        return g.constant(e.value());
    }

    @Override
    public Node visitName(Expr.Name e) {
        String name = e.name();
        for (Map<String, Node> scope : locals) {
            Node n = scope.get(name);
            if (n != null) return n;
        }
        if (episode != null) {
            Node n = episode.name(name, e.span());
            if (n != null) return n;
        }
        Decl.LetDecl let = lets.get(name);
        if (let != null) {
            usedLets.add(name);
            return letValue(let, e.span());
        }
        Node n = globals.get(name);
        if (n != null) return n;
        Forbidden f = forbidden.get(name);
        if (f != null) throw new CheckError(e.span(), f.reason());
        if (defs.containsKey(name)) {
            throw new CheckError(e.span(), "'" + name + "' is a function; call it as " + name + "(...)");
        }
        throw new CheckError(e.span(), "unknown name '" + name + "'" + Suggestions.didYouMean(name, visibleNames()));
    }

    private Node letValue(Decl.LetDecl let, Span use) {
        String name = let.name().text();
        Node cached = letValues.get(name);
        if (cached != null) return cached;
        if (!letsInProgress.add(name)) {
            throw new CheckError(use, "'" + name + "' is defined in terms of itself (" + String.join(" -> ", letsInProgress)
                    + " -> " + name + ")");
        }
        Deque<Map<String, Node>> savedLocals = new ArrayDeque<>(locals);
        locals.clear();
        try {
            Node value = let.value().accept(this);
            letValues.put(name, value);
            return value;
        } finally {
            locals.addAll(savedLocals);
            letsInProgress.remove(name);
        }
    }

    private List<String> visibleNames() {
        List<String> names = new ArrayList<>(globals.keySet());
        names.addAll(lets.keySet());
        for (Map<String, Node> scope : locals) names.addAll(scope.keySet());
        return names;
    }

    @Override
    public Node visitVector(Expr.Vector e) {
        Node[] elements = new Node[e.elements().size()];
        for (int i = 0; i < elements.length; i++) elements[i] = e.elements().get(i).accept(this);
        return apply(Ops.STACK, e.span(), elements);
    }

    @Override
    public Node visitIndex(Expr.Index e) {
        Node target = e.target().accept(this);
        Node index = e.index().accept(this);
        if (target.shape().isScalar()) {
            throw new CheckError(e.span(), "cannot index a scalar: " + AstText.of(e.target()) + " has no elements");
        }
        if (!index.shape().isScalar()) {
            throw new CheckError(e.index().span(), "an index must be a scalar, got " + index.shape());
        }
        if (index instanceof Node.Const c) {
            double i = c.value();
            int n = target.shape().rows();
            if (i != Math.rint(i) || i < 0 || i >= n) {
                throw new CheckError(e.index().span(), "index " + AstText.number(i) + " is out of range for "
                        + AstText.of(e.target()) + " of shape " + target.shape() + " (valid: 0.." + (n - 1) + ")");
            }
        }
        return apply(Ops.PICK, e.span(), target, index);
    }

    @Override
    public Node visitUnary(Expr.Unary e) {
        Node x = e.operand().accept(this);
        return apply(e.op() == Expr.UnaryOp.NEGATE ? Ops.NEG : Ops.NOT, e.span(), x);
    }

    @Override
    public Node visitBinary(Expr.Binary e) {
        Node x = e.left().accept(this);
        Node z = e.right().accept(this);
        switch (e.op()) {
            case PLUS: return apply(Ops.ADD, e.span(), x, z);
            case MINUS: return apply(Ops.SUB, e.span(), x, z);
            case TIMES: return apply(Ops.MUL, e.span(), x, z);
            case DIVIDE: return apply(Ops.DIV, e.span(), x, z);
            case POWER: return apply(Ops.POW, e.span(), x, z);
            case MATMUL: return apply(product(x.shape(), z.shape(), e.span()), e.span(), x, z);
            case LESS: return apply(Ops.LT, e.span(), x, z);
            case LESS_EQUAL: return apply(Ops.LE, e.span(), x, z);
            case GREATER: return apply(Ops.GT, e.span(), x, z);
            case GREATER_EQUAL: return apply(Ops.GE, e.span(), x, z);
            case EQUAL: return apply(Ops.EQ, e.span(), x, z);
            case NOT_EQUAL: return apply(Ops.NE, e.span(), x, z);
            case AND: return apply(Ops.AND, e.span(), x, z);
            default: return apply(Ops.OR, e.span(), x, z);
        }
    }

    /** The product {@code @} means for these operand shapes. */
    private static Op product(Shape x, Shape z, Span span) {
        if (x.isScalar() || z.isScalar()) {
            throw new CheckError(span, "'@' multiplies vectors and matrices, got " + x + " @ " + z + "; use '*' to scale");
        }
        if (x.isVector()) return z.isVector() ? Ops.DOT : Ops.VECMAT;
        return z.isVector() ? Ops.MATVEC : Ops.MATMUL;
    }

    @Override
    public Node visitIf(Expr.If e) {
        Node c = e.condition().accept(this);
        Node x = e.then().accept(this);
        Node z = e.otherwise().accept(this);
        if (c instanceof Node.Const k && k.shape().isScalar()) return k.value() != 0 ? x : z;
        return apply(Ops.WHERE, e.span(), c, x, z);
    }

    @Override
    public Node visitSumLoop(Expr.SumLoop e) {
        int from = integer(constant(e.from(), "a loop bound"), e.from());
        int to = integer(constant(e.to(), "a loop bound"), e.to());
        if (to - (long) from + 1 + unrolled > MAX_UNROLLED) {
            throw new CheckError(e.span(), "sum over " + from + ".." + to + " is too long to unroll (at most "
                    + MAX_UNROLLED + " terms in all)");
        }
        Node total = null;
        for (int i = from; i <= to; i++) {
            unrolled++;
            Map<String, Node> scope = new HashMap<>();
            scope.put(e.variable(), g.constant(i));
            locals.push(scope);
            try {
                Node term = e.body().accept(this);
                total = total == null ? term : apply(Ops.ADD, e.span(), total, term);
            } finally {
                locals.pop();
            }
        }
        return total == null ? g.constant(0) : total;
    }

    private static int integer(Node.Const c, Expr at) {
        if (!c.shape().isScalar() || c.value() != Math.rint(c.value()) || Math.abs(c.value()) > 1e9) {
            throw new CheckError(at.span(), "expected an integer, got " + (c.shape().isScalar() ? AstText.number(c.value())
                    : "a value of shape " + c.shape()));
        }
        return (int) c.value();
    }

    @Override
    public Node visitCall(Expr.Call e) {
        String name = e.function();
        if (episode != null) {
            Node n = episode.call(this, e);
            if (n != null) return n;
        }
        Decl.DefDecl def = defs.get(name);
        if (def != null) return expand(def, e);
        if (name.equals("normal") || name.equals("uniform")) {
            if (noise != null) return draw(e);
        }
        if (DISTRIBUTIONS.contains(name)) {
            throw new CheckError(e.span(), name + "(...) is a distribution: it can only be the whole body of a policy"
                    + (name.equals("normal") || name.equals("uniform") ? ", a parameter's '~' initializer, or noise in an env block" : ""));
        }
        return Builtins.call(this, e);
    }

    private Node draw(Expr.Call e) {
        if (e.function().equals("normal")) {
            Map<String, Expr> args = Arguments.bind(e, List.of("mean", "std"), 2);
            Node mean = scalar(args.get("mean"), "a normal draw's mean");
            Node std = scalar(args.get("std"), "a normal draw's std");
            return apply(Ops.ADD, e.span(), mean, apply(Ops.MUL, e.span(), std, noise.normal(e.span())));
        }
        Map<String, Expr> args = Arguments.bind(e, List.of("low", "high"), 2);
        Node low = scalar(args.get("low"), "a uniform draw's low");
        Node high = scalar(args.get("high"), "a uniform draw's high");
        return apply(Ops.ADD, e.span(), low,
                apply(Ops.MUL, e.span(), apply(Ops.SUB, e.span(), high, low), noise.uniform(e.span())));
    }

    /** Lowers {@code e}, which must be a scalar. */
    Node scalar(Expr e, String what) {
        Node n = e.accept(this);
        if (!n.shape().isScalar()) throw new CheckError(e.span(), what + " must be a scalar, got " + n.shape());
        return n;
    }

    private Node expand(Decl.DefDecl def, Expr.Call call) {
        String name = def.name().text();
        if (defStack.contains(name)) {
            List<String> chain = new ArrayList<>(defStack);
            java.util.Collections.reverse(chain);
            chain.add(name);
            throw new CheckError(call.span(), "'" + name + "' calls itself (" + String.join(" -> ", chain)
                    + "); recursion is not allowed, so that every program terminates");
        }
        List<Expr> actuals = Arguments.positional(
                new Expr.Call(name, call.args(), call.span()), def.params().size());
        Map<String, Node> scope = new HashMap<>();
        for (int i = 0; i < actuals.size(); i++) scope.put(def.params().get(i).text(), actuals.get(i).accept(this));
        Deque<Map<String, Node>> savedLocals = new ArrayDeque<>(locals);
        locals.clear();
        locals.push(scope);
        defStack.push(name);
        try {
            return def.body().accept(this);
        } finally {
            defStack.pop();
            locals.clear();
            locals.addAll(savedLocals);
        }
    }

    /** An element-wise function by name, or null. */
    static ElementwiseUnary function(String name) {
        return Ops.FUNCTIONS.get(name);
    }
}
