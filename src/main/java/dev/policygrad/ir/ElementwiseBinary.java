package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * An operator applied element by element to two values of the same shape, or to a scalar and a
 * value of any shape (the scalar is broadcast): {@code y_i = f(x_i, z_i)}. The partials are
 * {@code df/dx} and {@code df/dz} at each element; a broadcast scalar's adjoint is the sum over the
 * elements it was spread to.
 *
 * <table>
 *   <caption>values and partials</caption>
 *   <tr><th>op</th><th>f(x, z)</th><th>df/dx</th><th>df/dz</th><th>domain</th></tr>
 *   <tr><td>+</td><td>x + z</td><td>1</td><td>1</td><td></td></tr>
 *   <tr><td>-</td><td>x - z</td><td>1</td><td>-1</td><td></td></tr>
 *   <tr><td>*</td><td>x z</td><td>z</td><td>x</td><td></td></tr>
 *   <tr><td>/</td><td>x / z</td><td>1 / z</td><td>-(x / z) / z</td><td>z != 0</td></tr>
 *   <tr><td>^</td><td>x^z</td><td>z x^(z-1)</td><td>x^z log x</td><td>x &gt;= 0 unless z is an integer</td></tr>
 *   <tr><td>max</td><td>max(x, z)</td><td>[x &gt;= z]</td><td>[x &lt; z]</td><td></td></tr>
 *   <tr><td>min</td><td>min(x, z)</td><td>[x &lt;= z]</td><td>[x &gt; z]</td><td></td></tr>
 *   <tr><td>&lt; &lt;= &gt; &gt;= == != and or</td><td>1 or 0</td><td>0</td><td>0</td><td></td></tr>
 * </table>
 * At a tie, max and min pass the whole adjoint to the first argument (a subgradient).
 *
 * <p>The quotient's partial in z is -x / z^2 written as the quotient divided by z, -(x / z) / z, in every
 * mode (the tape's sweep, forward mode, the symbolic derivative): z^2 underflows to 0 for |z| &lt; 1.5e-154,
 * which made -x / z^2 -Infinity (or NaN) where the partial is a finite double (x = z = 1e-160: -1e160).
 * It overflows only where the partial itself leaves the doubles.
 */
public final class ElementwiseBinary extends Op {

    /** The operators, each with the name of its static value kernel below. */
    enum Kind {
        ADD("add"), SUB("subtract"), MUL("multiply"), DIV("divide"), POW("power"), MAX("maximum"), MIN("minimum"),
        LT("less"), LE("lessOrEqual"), GT("greater"), GE("greaterOrEqual"), EQ("equal"), NE("notEqual"),
        AND("and"), OR("or");

        final String kernel;

        Kind(String kernel) {
            this.kernel = kernel;
        }
    }

    private final Kind kind;
    private final String symbol;
    private final String latexSymbol;
    private final int precedence;

    ElementwiseBinary(String name, Kind kind, String symbol, String latexSymbol, int precedence) {
        super(name);
        this.kind = kind;
        this.symbol = symbol;
        this.latexSymbol = latexSymbol;
        this.precedence = precedence;
    }

    /** True for comparisons and logic: their value is 0 or 1 and carries no derivative. */
    public boolean isLogical() {
        return kind.ordinal() >= Kind.LT.ordinal();
    }

    /** The shape of {@code x op z}: the same shapes, or a scalar with anything. */
    public static Shape broadcastShape(Shape x, Shape z, String what, Span span) {
        if (x.equals(z) || z.isScalar()) return x;
        if (x.isScalar()) return z;
        throw new CheckError(span, "shapes " + x + " and " + z + " do not match for '" + what
                + "': element-wise operations need equal shapes, or a scalar with any shape");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 2, span, name() + " takes 2 arguments, got " + args.size());
        return broadcastShape(args.get(0).shape(), args.get(1).shape(), symbol == null ? name() : symbol, span);
    }

    /** {@code f(x, z)} at one point, with the domain checked: the operator's static kernel. */
    public double apply(double x, double z) {
        switch (kind) {
            case ADD: return add(x, z);
            case SUB: return subtract(x, z);
            case MUL: return multiply(x, z);
            case DIV: return divide(x, z);
            case POW: return power(x, z);
            case MAX: return maximum(x, z);
            case MIN: return minimum(x, z);
            case LT: return less(x, z);
            case LE: return lessOrEqual(x, z);
            case GT: return greater(x, z);
            case GE: return greaterOrEqual(x, z);
            case EQ: return equal(x, z);
            case NE: return notEqual(x, z);
            case AND: return and(x, z);
            case OR: return or(x, z);
            default: throw new AssertionError(kind);
        }
    }

    /**
     * The name of this operator's static value kernel ({@code divide}, {@code less}, ...): compiled code
     * calls it directly, a call the JIT always inlines, where {@link #apply} would dispatch on the kind.
     */
    public String kernel() {
        return kind.kernel;
    }

    // ---- the value kernels, one per operator, (DD)D ----

    public static double add(double x, double z) { return x + z; }

    public static double subtract(double x, double z) { return x - z; }

    public static double multiply(double x, double z) { return x * z; }

    public static double divide(double x, double z) {
        if (z == 0) throw new DomainError("division by zero");
        return x / z;
    }

    public static double power(double x, double z) {
        if (x < 0 && z != Math.rint(z)) {
            throw new DomainError("negative base " + x + " raised to the non-integer power " + z);
        }
        if (x == 0 && z < 0) throw new DomainError("0 raised to the negative power " + z);
        return Math.pow(x, z);
    }

    public static double maximum(double x, double z) { return x >= z ? x : z; }

    public static double minimum(double x, double z) { return x <= z ? x : z; }

    public static double less(double x, double z) { return x < z ? 1 : 0; }

    public static double lessOrEqual(double x, double z) { return x <= z ? 1 : 0; }

    public static double greater(double x, double z) { return x > z ? 1 : 0; }

    public static double greaterOrEqual(double x, double z) { return x >= z ? 1 : 0; }

    public static double equal(double x, double z) { return x == z ? 1 : 0; }

    public static double notEqual(double x, double z) { return x != z ? 1 : 0; }

    public static double and(double x, double z) { return x != 0 && z != 0 ? 1 : 0; }

    public static double or(double x, double z) { return x != 0 || z != 0 ? 1 : 0; }

    /** {@code df/dx}, given {@code y = f(x, z)}. */
    private double partialX(double x, double z, double y) {
        switch (kind) {
            case ADD: case SUB: return 1;
            case MUL: return z;
            case DIV: return 1 / z;
            case POW: return z == 0 ? 0 : z * Math.pow(x, z - 1);
            case MAX: return x >= z ? 1 : 0;
            case MIN: return x <= z ? 1 : 0;
            default: return 0;
        }
    }

    /** {@code df/dz}, given {@code y = f(x, z)}. */
    private double partialZ(double x, double z, double y) {
        switch (kind) {
            case ADD: return 1;
            case SUB: return -1;
            case MUL: return x;
            case DIV: return -y / z;  // -(x / z) / z: z^2 would underflow
            case POW: return y == 0 ? 0 : y * Math.log(x);
            case MAX: return x >= z ? 0 : 1;
            case MIN: return x <= z ? 0 : 1;
            default: return 0;
        }
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), z = Instr.arg(code, pc, 1), y = Instr.out(code, pc);
        int n = Instr.outSize(code, pc);
        int sx = Instr.argSize(code, pc, 0) == 1 ? 0 : 1, sz = Instr.argSize(code, pc, 1) == 1 ? 0 : 1;
        switch (kind) {
            case ADD: for (int i = 0; i < n; i++) v[y + i] = v[x + i * sx] + v[z + i * sz]; return;
            case SUB: for (int i = 0; i < n; i++) v[y + i] = v[x + i * sx] - v[z + i * sz]; return;
            case MUL: for (int i = 0; i < n; i++) v[y + i] = v[x + i * sx] * v[z + i * sz]; return;
            default: for (int i = 0; i < n; i++) v[y + i] = apply(v[x + i * sx], v[z + i * sz]);
        }
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        if (isLogical()) return;
        int x = Instr.arg(code, pc, 0), z = Instr.arg(code, pc, 1), y = Instr.out(code, pc);
        int n = Instr.outSize(code, pc);
        int sx = Instr.argSize(code, pc, 0) == 1 ? 0 : 1, sz = Instr.argSize(code, pc, 1) == 1 ? 0 : 1;
        boolean needX = Instr.needs(code, pc, 0), needZ = Instr.needs(code, pc, 1);
        switch (kind) {
            case ADD:
            case SUB: {
                double sign = kind == Kind.ADD ? 1 : -1;
                if (needX) for (int i = 0; i < n; i++) bar[x + i * sx] += bar[y + i];
                if (needZ) for (int i = 0; i < n; i++) bar[z + i * sz] += sign * bar[y + i];
                return;
            }
            case MUL:
                for (int i = 0; i < n; i++) {
                    double yBar = bar[y + i];
                    if (yBar == 0) continue;
                    if (needX) bar[x + i * sx] += yBar * v[z + i * sz];
                    if (needZ) bar[z + i * sz] += yBar * v[x + i * sx];
                }
                return;
            default:
        }
        for (int i = 0; i < n; i++) {
            double yBar = bar[y + i];
            if (yBar == 0) continue;
            double xi = v[x + i * sx], zi = v[z + i * sz], yi = v[y + i];
            if (needX) bar[x + i * sx] += partialX(xi, zi, yi) * yBar;
            if (needZ) bar[z + i * sz] += partialZ(xi, zi, yi) * yBar;
        }
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] xs = args.get(0), zs = args.get(1);
        int n = node.shape().size();
        DerivativeStructure[] out = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            DerivativeStructure x = xs[xs.length == 1 ? 0 : i], z = zs[zs.length == 1 ? 0 : i];
            double value = apply(x.getValue(), z.getValue());
            switch (kind) {
                case ADD: out[i] = x.add(z); break;
                case SUB: out[i] = x.subtract(z); break;
                case MUL: out[i] = x.multiply(z); break;
                case DIV: out[i] = quotient(x, z, value); break;
                case POW:
                    if (isConstant(z) && z.getValue() == Math.rint(z.getValue())) {
                        out[i] = x.pow((int) z.getValue());
                    } else if (isConstant(z)) {
                        out[i] = x.pow(z.getValue());
                    } else {
                        out[i] = x.pow(z);
                    }
                    break;
                case MAX: out[i] = x.getValue() >= z.getValue() ? x : z; break;
                case MIN: out[i] = x.getValue() <= z.getValue() ? x : z; break;
                default: out[i] = x.multiply(0).add(value);
            }
        }
        return out;
    }

    /**
     * y = x / z with its first derivatives taken from the quotient, y_dot = (x_dot - y z_dot) / z. Commons
     * Math's {@code divide} multiplies by z^-1, whose derivative -z_dot / z^2 overflows to Infinity for
     * |z| &lt; 1.5e-154 (and then gives NaN), where y_dot is finite.
     */
    private static DerivativeStructure quotient(DerivativeStructure x, DerivativeStructure z, double y) {
        if (x.getOrder() != 1) return x.divide(z);
        int parameters = x.getFreeParameters();
        double[] derivatives = new double[parameters + 1];
        derivatives[0] = y;
        int[] orders = new int[parameters];
        double divisor = z.getValue();
        for (int j = 0; j < parameters; j++) {
            orders[j] = 1;
            derivatives[j + 1] = (x.getPartialDerivative(orders) - y * z.getPartialDerivative(orders)) / divisor;
            orders[j] = 0;
        }
        return new DerivativeStructure(parameters, 1, derivatives);
    }

    private static boolean isConstant(DerivativeStructure x) {
        double[] all = x.getAllDerivatives();
        for (int i = 1; i < all.length; i++) if (all[i] != 0) return false;
        return true;
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node x = y.arg(0), z = y.arg(1);
        Node xBar, zBar;
        switch (kind) {
            case ADD: xBar = yBar; zBar = yBar; break;
            case SUB: xBar = yBar; zBar = g.neg(yBar); break;
            case MUL: xBar = g.mul(yBar, z); zBar = g.mul(yBar, x); break;
            case DIV:
                xBar = g.div(yBar, z);
                zBar = g.neg(g.mul(yBar, g.div(y, z)));  // -(x / z) / z: z^2 would underflow
                break;
            case POW:
                xBar = g.mul(yBar, g.mul(z, power(g, x, z)));
                zBar = z instanceof Node.Const ? null : g.mul(yBar, g.mul(y, g.call(Ops.LOG, x)));
                break;
            case MAX: xBar = g.mul(yBar, g.call(Ops.GE, x, z)); zBar = g.mul(yBar, g.call(Ops.LT, x, z)); break;
            case MIN: xBar = g.mul(yBar, g.call(Ops.LE, x, z)); zBar = g.mul(yBar, g.call(Ops.GT, x, z)); break;
            default: return Arrays.asList(null, null);
        }
        return Arrays.asList(reduceTo(g, xBar, x.shape()), zBar == null ? null : reduceTo(g, zBar, z.shape()));
    }

    /** {@code x^(z-1)}, folding the exponent when it is a constant. */
    private static Node power(Graph g, Node x, Node z) {
        if (z instanceof Node.Const c && c.shape().isScalar()) {
            double e = c.value() - 1;
            return e == 0 ? g.filled(1, x.shape()) : e == 1 ? x : g.call(Ops.POW, x, g.constant(e));
        }
        return g.call(Ops.POW, x, g.sub(z, g.constant(1)));
    }

    /** A contribution summed down to {@code shape} when the argument was a broadcast scalar. */
    static Node reduceTo(Graph g, Node contribution, Shape shape) {
        if (contribution.shape().equals(shape)) return contribution;
        return g.call(Ops.SUM, contribution);
    }

    @Override
    public int precedence() {
        return precedence;
    }

    @Override
    public boolean rightAssociative() {
        return kind == Kind.POW;
    }

    @Override
    public String infix(List<Printed> args) {
        if (symbol == null) return super.infix(args);
        Printed x = args.get(0), z = args.get(1);
        if (kind == Kind.POW) return x.at(precedence + 1) + " ^ " + z.at(precedence);
        return x.at(precedence) + " " + symbol + " " + z.at(precedence + 1);
    }

    @Override
    public String latex(List<Printed> args) {
        Printed x = args.get(0), z = args.get(1);
        switch (kind) {
            case DIV: return "\\frac{" + x.text() + "}{" + z.text() + "}";
            case POW: return "{" + x.latexAt(ATOM) + "}^{" + z.text() + "}";
            case MAX: case MIN: return "\\" + name() + "\\left(" + x.text() + ", " + z.text() + "\\right)";
            default: return x.latexAt(precedence) + " " + latexSymbol + " " + z.latexAt(precedence + 1);
        }
    }
}
