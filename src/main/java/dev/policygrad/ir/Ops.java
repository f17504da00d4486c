package dev.policygrad.ir;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The table of primitives. Element-wise functions are defined here, one line per rule: value,
 * derivative {@code f'(x)} (given {@code y = f(x)}), forward-mode rule, symbolic adjoint, domain.
 * Everything else has a class of its own.
 */
public final class Ops {

    private Ops() {}

    private static String negative(String what, double x) {
        return what + " of a negative number (" + x + ")";
    }

    // ---- element-wise functions: y_i = f(x_i) ----

    public static final ElementwiseUnary NEG = new ElementwiseUnary("neg", "-",
            x -> -x, (x, y) -> -1, x -> x.negate(), (g, x, y, yBar) -> g.neg(yBar), null);

    public static final ElementwiseUnary EXP = new ElementwiseUnary("exp", "\\exp",
            Math::exp, (x, y) -> y, x -> x.exp(), (g, x, y, yBar) -> g.mul(yBar, y), null);

    /** log(0) = -infinity is allowed (a probability of 0); a negative argument is an error. */
    public static final ElementwiseUnary LOG = new ElementwiseUnary("log", "\\log",
            Math::log, (x, y) -> 1 / x, x -> x.log(), (g, x, y, yBar) -> g.div(yBar, x),
            x -> x < 0 ? negative("log", x) : null);

    public static final ElementwiseUnary LOG1P = new ElementwiseUnary("log1p", "\\operatorname{log1p}",
            Math::log1p, (x, y) -> 1 / (1 + x), x -> x.log1p(),
            (g, x, y, yBar) -> g.div(yBar, g.add(g.constant(1), x)),
            x -> x < -1 ? "log1p of a number below -1 (" + x + ")" : null);

    public static final ElementwiseUnary SQRT = new ElementwiseUnary("sqrt", "\\sqrt",
            Math::sqrt, (x, y) -> 0.5 / y, x -> x.sqrt(),
            (g, x, y, yBar) -> g.div(yBar, g.mul(g.constant(2), y)),
            x -> x < 0 ? negative("sqrt", x) : null);

    /** |x|, with derivative sign(x) (0 at 0, a subgradient). */
    public static final ElementwiseUnary ABS = new ElementwiseUnary("abs", "\\left|",
            Math::abs, (x, y) -> Math.signum(x), x -> x.getValue() < 0 ? x.negate() : x.getValue() > 0 ? x : x.multiply(0),
            (g, x, y, yBar) -> g.mul(yBar, g.call(Ops.SIGN, x)), null);

    public static final ElementwiseUnary SIN = new ElementwiseUnary("sin", "\\sin",
            Math::sin, (x, y) -> Math.cos(x), x -> x.sin(), (g, x, y, yBar) -> g.mul(yBar, g.call(Ops.COS, x)), null);

    public static final ElementwiseUnary COS = new ElementwiseUnary("cos", "\\cos",
            Math::cos, (x, y) -> -Math.sin(x), x -> x.cos(),
            (g, x, y, yBar) -> g.neg(g.mul(yBar, g.call(Ops.SIN, x))), null);

    public static final ElementwiseUnary TANH = new ElementwiseUnary("tanh", "\\tanh",
            Math::tanh, (x, y) -> 1 - y * y, x -> x.tanh(),
            (g, x, y, yBar) -> g.mul(yBar, g.sub(g.constant(1), g.call(Ops.POW, y, g.constant(2)))), null);

    /**
     * 1 / (1 + exp(-x)), without overflow on either side: exp(x) / (1 + exp(x)) below 0, its one
     * exponential taken once. The one sigmoid: the primitive, softplus's partial, and the samplers of
     * two-action categoricals and logit Bernoullis.
     */
    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** 1 / (1 + exp(-x)), evaluated without overflow on either side ({@link #sigmoid(double)}). */
    public static final ElementwiseUnary SIGMOID = new ElementwiseUnary("sigmoid", "\\sigma",
            Ops::sigmoid, (x, y) -> y * (1 - y),
            x -> {
                if (x.getValue() >= 0) return x.negate().exp().add(1).reciprocal();
                var e = x.exp();
                return e.divide(e.add(1));
            },
            (g, x, y, yBar) -> g.mul(yBar, g.mul(y, g.sub(g.constant(1), y))), null);

    /** log(1 + exp(x)), evaluated without overflow; its derivative is sigmoid(x). */
    public static final ElementwiseUnary SOFTPLUS = new ElementwiseUnary("softplus", "\\operatorname{softplus}",
            x -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)),
            (x, y) -> sigmoid(x),
            x -> x.getValue() > 0 ? x.add(x.negate().exp().log1p()) : x.exp().log1p(),
            (g, x, y, yBar) -> g.mul(yBar, g.call(Ops.SIGMOID, x)), null);

    /** max(x, 0), with derivative [x &gt; 0]. */
    public static final ElementwiseUnary RELU = new ElementwiseUnary("relu", "\\operatorname{relu}",
            x -> x > 0 ? x : 0, (x, y) -> x > 0 ? 1 : 0, x -> x.getValue() > 0 ? x : x.multiply(0),
            (g, x, y, yBar) -> g.mul(yBar, g.call(Ops.STEP, x)), null);

    /** [x &gt; 0]: 1 or 0, piecewise constant, so no derivative. */
    public static final ElementwiseUnary STEP = new ElementwiseUnary("step", "\\operatorname{step}",
            x -> x > 0 ? 1 : 0, (x, y) -> 0, x -> x.multiply(0).add(x.getValue() > 0 ? 1 : 0),
            (g, x, y, yBar) -> null, null);

    public static final ElementwiseUnary SIGN = new ElementwiseUnary("sign", "\\operatorname{sign}",
            Math::signum, (x, y) -> 0, x -> x.multiply(0).add(Math.signum(x.getValue())),
            (g, x, y, yBar) -> null, null);

    public static final ElementwiseUnary NOT = new ElementwiseUnary("not", "\\lnot",
            x -> x == 0 ? 1 : 0, (x, y) -> 0, x -> x.multiply(0).add(x.getValue() == 0 ? 1 : 0),
            (g, x, y, yBar) -> null, null);

    // ---- element-wise operators with scalar broadcasting ----

    public static final ElementwiseBinary ADD = binary("add", ElementwiseBinary.Kind.ADD, "+", "+", 3);
    public static final ElementwiseBinary SUB = binary("sub", ElementwiseBinary.Kind.SUB, "-", "-", 3);
    public static final ElementwiseBinary MUL = binary("mul", ElementwiseBinary.Kind.MUL, "*", "\\cdot", 4);
    public static final ElementwiseBinary DIV = binary("div", ElementwiseBinary.Kind.DIV, "/", "/", 4);
    public static final ElementwiseBinary POW = binary("pow", ElementwiseBinary.Kind.POW, "^", "^", 7);
    public static final ElementwiseBinary MAX = binary("max", ElementwiseBinary.Kind.MAX, null, null, Op.ATOM);
    public static final ElementwiseBinary MIN = binary("min", ElementwiseBinary.Kind.MIN, null, null, Op.ATOM);
    public static final ElementwiseBinary LT = binary("lt", ElementwiseBinary.Kind.LT, "<", "<", 2);
    public static final ElementwiseBinary LE = binary("le", ElementwiseBinary.Kind.LE, "<=", "\\le", 2);
    public static final ElementwiseBinary GT = binary("gt", ElementwiseBinary.Kind.GT, ">", ">", 2);
    public static final ElementwiseBinary GE = binary("ge", ElementwiseBinary.Kind.GE, ">=", "\\ge", 2);
    public static final ElementwiseBinary EQ = binary("eq", ElementwiseBinary.Kind.EQ, "==", "=", 2);
    public static final ElementwiseBinary NE = binary("ne", ElementwiseBinary.Kind.NE, "!=", "\\ne", 2);
    public static final ElementwiseBinary AND = binary("and", ElementwiseBinary.Kind.AND, "and", "\\land", 1);
    public static final ElementwiseBinary OR = binary("or", ElementwiseBinary.Kind.OR, "or", "\\lor", 0);

    private static ElementwiseBinary binary(String name, ElementwiseBinary.Kind kind, String symbol, String latex,
            int precedence) {
        return new ElementwiseBinary(name, kind, symbol, latex, precedence);
    }

    // ---- reductions to a scalar ----

    public static final Reduce SUM = new Reduce("sum", Reduce.Kind.SUM);
    public static final Reduce LOGSUMEXP = new Reduce("logsumexp", Reduce.Kind.LOGSUMEXP);
    public static final Reduce MAX_ALL = new Reduce("max", Reduce.Kind.MAX);
    public static final Reduce MIN_ALL = new Reduce("min", Reduce.Kind.MIN);

    // ---- vectors and matrices ----

    public static final Softmax SOFTMAX = new Softmax();
    public static final Product DOT = new Product("dot", Product.Kind.DOT);
    public static final Product MATVEC = new Product("matvec", Product.Kind.MATVEC);
    public static final Product VECMAT = new Product("vecmat", Product.Kind.VECMAT);
    public static final Product MATMUL = new Product("matmul", Product.Kind.MATMUL);
    public static final Product OUTER = new Product("outer", Product.Kind.OUTER);
    public static final Transpose TRANSPOSE = new Transpose();
    public static final Pick PICK = new Pick();
    public static final Stack STACK = new Stack();
    public static final OneHot ONEHOT = new OneHot();
    public static final ArgExtreme ARGMAX = new ArgExtreme("argmax", true);
    public static final ArgExtreme ARGMIN = new ArgExtreme("argmin", false);
    public static final Broadcast BROADCAST = new Broadcast();
    public static final Where WHERE = new Where();

    // ---- log-densities ----

    public static final NormalLogDensity NORMAL_LPDF = new NormalLogDensity();
    public static final NormalLogDensityWithLogStd NORMAL_LPDF_WITH_LOG_STD = new NormalLogDensityWithLogStd();
    public static final BernoulliLogMass BERNOULLI_LPMF = new BernoulliLogMass();
    public static final CategoricalLogMass CATEGORICAL_LPMF = new CategoricalLogMass();
    public static final TanhNormalLogDensity TANH_NORMAL_LPDF = new TanhNormalLogDensity();
    public static final TanhNormalLogDensityWithLogStd TANH_NORMAL_LPDF_WITH_LOG_STD = new TanhNormalLogDensityWithLogStd();

    /** Every primitive. */
    public static final List<Op> ALL = List.of(NEG, EXP, LOG, LOG1P, SQRT, ABS, SIN, COS, TANH, SIGMOID, SOFTPLUS,
            RELU, STEP, SIGN, NOT, ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, LE, GT, GE, EQ, NE, AND, OR, SUM,
            LOGSUMEXP, MAX_ALL, MIN_ALL, SOFTMAX, DOT, MATVEC, VECMAT, MATMUL, OUTER, TRANSPOSE, PICK, STACK,
            ONEHOT, ARGMAX, ARGMIN, BROADCAST, WHERE, NORMAL_LPDF, NORMAL_LPDF_WITH_LOG_STD, BERNOULLI_LPMF,
            CATEGORICAL_LPMF, TANH_NORMAL_LPDF, TANH_NORMAL_LPDF_WITH_LOG_STD);

    /** Element-wise functions by the name the language calls them. */
    public static final Map<String, ElementwiseUnary> FUNCTIONS = List.of(EXP, LOG, LOG1P, SQRT, ABS, SIN, COS,
                    TANH, SIGMOID, SOFTPLUS, RELU, STEP, SIGN).stream()
            .collect(Collectors.toUnmodifiableMap(Op::name, Function.identity()));
}
