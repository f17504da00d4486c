package dev.policygrad.check;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import java.util.List;
import java.util.Map;

/**
 * What an {@code estimator} or {@code value} formula may read of one episode
 * tau = (s_0, a_0, r_1, ..., s_T), every value a constant of that episode:
 * <ul>
 *   <li>{@code T}, the number of steps, and {@code gamma};</li>
 *   <li>{@code score(t)} = grad log pi(a_t | s_t), a vector of every parameter in flattened order;</li>
 *   <li>{@code reward(t)} = r_{t+1}; {@code return(t)} = G(tau_{t:T}) = sum_{u &gt;= t} gamma^{u-t} r_{u+1};
 *       {@code return()} = G(tau);</li>
 *   <li>{@code state(t)}, the observation s_t (t = 0..T), {@code action(t)} (its index, its value for
 *       a real action, the vector of its components for {@code a[K] : real}) and {@code logpi(t)} = log pi(a_t | s_t);</li>
 *   <li>{@code V(t)} for a declared {@code value V}: the critic at s_t.</li>
 * </ul>
 * Step indices must be integers in range (0..T-1; 0..T for {@code state} and a critic), so reading
 * {@code reward(T)} is an error at its position. A {@code value} formula sees only {@code t},
 * {@code state(u)} for u &lt;= t and {@code gamma}: a critic that read the action or what follows
 * would no longer be a baseline. Subclasses supply the numbers: a recorded episode when estimating,
 * a made-up one when {@link EpisodeFormulas} checks the declarations.
 */
public abstract class EpisodeVocabulary implements Lowering.EpisodeScope {

    /** The functions an episode defines (besides declared critics). */
    public static final List<String> FUNCTIONS = List.of("score", "reward", "return", "state", "action", "logpi");

    private final Shape stateShape;
    private final Shape actionShape;
    private final Map<String, Decl.ValueDecl> critics;
    /** The step a critic formula is evaluated at, or -1 in an estimator formula. */
    private int criticStep = -1;
    private Lowering lowering;

    /** The vocabulary of {@code formulas}' program (its state's shape, its critics). */
    protected EpisodeVocabulary(EpisodeFormulas formulas) {
        this.stateShape = formulas.stateShape();
        this.actionShape = formulas.actionShape();
        this.critics = formulas.critics();
    }

    /** T. */
    protected abstract int length();

    protected abstract double gamma();

    protected abstract int parameterCount();

    /** grad log pi(a_t | s_t), t in 0..T-1. */
    protected abstract double[] score(int t);

    /** r_{t+1}, t in 0..T-1. */
    protected abstract double reward(int t);

    /** G(tau_{t:T}), t in 0..T-1. */
    protected abstract double returnToGo(int t);

    /** G(tau). */
    protected abstract double totalReturn();

    /** s_t as the policy sees it, t in 0..T. */
    protected abstract double[] state(int t);

    /** a_t, t in 0..T-1: one value (the index, or a real value), or K for a vector action {@code a[K]}. */
    protected abstract double[] action(int t);

    /** log pi(a_t | s_t), t in 0..T-1. */
    protected abstract double logPi(int t);

    /**
     * Lowers {@code estimator} over this episode with {@code program}'s names and functions; the result
     * is a vector of one entry per parameter, else a CheckError at the formula.
     */
    double[] estimate(Lowering program, Decl.EstimatorDecl estimator) {
        lowering = program.forEpisode(this);
        criticStep = -1;
        Node.Const c = lowering.folded(lowering.lower(estimator.body()));
        int p = parameterCount();
        if (c == null) {
            throw new CheckError(estimator.body().span(), "estimator " + estimator.name().text()
                    + " must be computed from the episode alone (T, score(t), reward(t), return(t), state(t), ...), "
                    + "but it reads the policy's own inputs or parameters");
        }
        // an empty sum (sum(t in 0..T-2, ...) on a one-step episode) is the number 0: the zero vector here
        if (c.shape().isScalar() && c.value() == 0) return new double[p];
        if (!c.shape().equals(Shape.vector(p))) {
            throw new CheckError(estimator.body().span(), "estimator " + estimator.name().text()
                    + " must give a vector of " + p + " entries, one per parameter (like score(t)), got "
                    + (c.shape().isScalar() ? "a scalar" : "shape " + c.shape()));
        }
        return c.values();
    }

    /** V(s_t) by the critic {@code value}, for t in 0..T. */
    double critic(Lowering program, Decl.ValueDecl value, int t) {
        lowering = program.forEpisode(this);
        return criticAt(value, t, value.span());
    }

    private double criticAt(Decl.ValueDecl value, int t, Span use) {
        int saved = criticStep;
        criticStep = t;
        try {
            Node.Const c = lowering.folded(lowering.lowerWith(value.body(), "t", lowering.graph().constant(t)));
            if (c == null || !c.shape().isScalar()) {
                throw new CheckError(value.body().span(), "value " + value.name().text() + " must be a number computed "
                        + "from state(t) and t, got " + (c != null ? "shape " + c.shape()
                        : "a formula of the policy's own inputs or parameters"));
            }
            return checkedCritic(value, t, c.value());
        } finally {
            criticStep = saved;
        }
    }

    /**
     * The critic {@code value}'s value {@code v} at step t, as estimators use it: here as it is (a
     * made-up episode's harmless values say nothing of real ones); a recorded episode refuses one that
     * is not finite.
     */
    protected double checkedCritic(Decl.ValueDecl value, int t, double v) {
        return v;
    }

    @Override
    public Node name(String name, Span span) {
        switch (name) {
            case "T":
                if (criticStep >= 0) throw new CheckError(span, "a value formula cannot read T: the episode's length "
                        + "is in its future, and a critic that sees the future is not a baseline");
                return lowering.graph().constant(length());
            case "gamma":
                return lowering.graph().constant(gamma());
            default:
                return null;
        }
    }

    @Override
    public Node call(Lowering program, Expr.Call call) {
        String f = call.function();
        Decl.ValueDecl critic = critics.get(f);
        if (critic != null) {
            int t = step(call, 0, length(), f + "(t)");
            if (criticStep >= 0 && t > criticStep) throw lookahead(call);
            return program.graph().constant(criticAt(critic, t, call.span()));
        }
        if (!FUNCTIONS.contains(f)) return null;
        if (f.equals("return") && call.args().isEmpty()) {
            if (criticStep >= 0) throw criticReads(call);
            return program.graph().constant(totalReturn());
        }
        int last = f.equals("state") ? length() : length() - 1;
        int t = step(call, 0, last, f + "(t)");
        if (f.equals("state")) {
            if (criticStep >= 0 && t > criticStep) throw lookahead(call);
            double[] s = state(t);
            return program.graph().constant(s, stateShape != null ? stateShape : Shape.vector(s.length));
        }
        if (criticStep >= 0) throw criticReads(call);
        switch (f) {
            case "score": return program.graph().constant(score(t), Shape.vector(parameterCount()));
            case "reward": return program.graph().constant(reward(t));
            case "return": return program.graph().constant(returnToGo(t));
            case "action": return program.graph().constant(action(t), actionShape);
            default: return program.graph().constant(logPi(t));
        }
    }

    /** The single integer argument of {@code call}, checked to lie in from..to. */
    private int step(Expr.Call call, int from, int to, String form) {
        if (call.args().size() != 1 || call.args().get(0).name() != null) {
            throw new CheckError(call.span(), call.function() + " takes one step index, as in " + form);
        }
        Expr arg = call.args().get(0).value();
        Node.Const c = lowering.folded(lowering.lower(arg));
        if (c == null || !c.shape().isScalar() || c.value() != Math.rint(c.value())) {
            throw new CheckError(arg.span(), "the step of " + call.function() + "(...) must be an integer made of "
                    + "t, T and numbers");
        }
        double t = c.value();
        if (t < from || t > to) {
            String valid = to < from ? "none: the episode has no steps" : from + ".." + to
                    + (to == length() ? " (0..T)" : " (0..T-1)");
            throw new CheckError(arg.span(), call.function() + "(" + AstText.number(t) + ") reads past the episode "
                    + "of T = " + length() + " steps; valid steps: " + valid);
        }
        return (int) t;
    }

    private static CheckError criticReads(Expr.Call call) {
        return new CheckError(call.span(), "a value formula sees only state(t), t and gamma; " + call.function()
                + "(...) would make the critic depend on the action or the future, which is no longer a baseline");
    }

    private static CheckError lookahead(Expr.Call call) {
        return new CheckError(call.span(), "a value formula at step t may read states up to t only; "
                + call.function() + "(...) looks ahead");
    }
}
