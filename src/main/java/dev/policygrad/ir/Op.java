package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A primitive operation. Everything the engine knows about a primitive is defined by its subclass,
 * in one place (as in JAX's Autodidax rule tables, gathered per primitive rather than per rule):
 * <ul>
 *   <li>{@link #shape}: the result shape, or a {@code CheckError} naming the shapes it expected;</li>
 *   <li>{@link #forward(double[], int[], int)}: the value, on the compiled tape;</li>
 *   <li>{@link #backward}: the local partials, applied as a vector-Jacobian product
 *       {@code x_bar += (dy/dx)^T y_bar} for every argument that needs an adjoint;</li>
 *   <li>{@link #forwardMode}: the value and first derivatives with Commons Math's
 *       {@link DerivativeStructure}, an independent forward-mode oracle;</li>
 *   <li>{@link #vjp}: the same vector-Jacobian product as an expression, for symbolic derivatives;</li>
 *   <li>{@link #infix} and {@link #latex}: the printed forms.</li>
 * </ul>
 * Instances are singletons listed in {@link Ops}; tests iterate over that list, so a new primitive is
 * checked against finite differences and forward mode the moment it is added. The hierarchy is
 * sealed, so every kind of primitive is named here, and a test checks that each has its instances
 * in {@link Ops#ALL}.
 *
 * <p>The tape's instruction layout, read through {@link Instr}, gives each kernel the registers and
 * shapes of its result and arguments inside the value array {@code v} and the adjoint array
 * {@code bar}. Kernels allocate nothing. A kernel that meets a value outside its domain throws
 * {@link DomainError}; the tape adds the source position.
 */
public abstract sealed class Op permits ElementwiseUnary, ElementwiseBinary, Reduce, Softmax, Product, Transpose, Pick,
        Stack, OneHot, ArgExtreme, Broadcast, Where, NormalLogDensity, BernoulliLogMass, CategoricalLogMass,
        TanhNormalLogDensity, NormalLogDensityWithLogStd, TanhNormalLogDensityWithLogStd {

    /** Precedence of a primitive printed as a function call: never needs parentheses. */
    public static final int ATOM = 100;

    private final String name;

    protected Op(String name) {
        this.name = name;
    }

    /** The primitive's name, as printed in function form and in traces ({@code logsumexp}). */
    public final String name() {
        return name;
    }

    /** The result's shape for these arguments, or a CheckError at {@code span}. */
    public abstract Shape shape(List<Node> args, Span span);

    /** {@code v[out] = op(v[args])}, per the instruction at {@code pc}. */
    public void forward(double[] v, int[] code, int pc) {
        throw new UnsupportedOperationException(name + ": forward");
    }

    /** {@code bar[arg] += (d out / d arg)^T bar[out]} for each argument flagged as needing it. */
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        throw new UnsupportedOperationException(name + ": backward");
    }

    /** The result (row-major) with its derivatives, from the arguments' (row-major). */
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply y) {
        throw new UnsupportedOperationException(name + ": forward mode");
    }

    /**
     * Where {@link #backward} does not multiply by {@code partials} (forward mode's Jacobians
     * {@code d out / d arg}, null for an argument that takes no adjoint) at these argument values and
     * this adjoint of the result, the partials it multiplies by instead and why; null where it does, as
     * every primitive's does but the normal densities with a log std (which pass a huge share for sigma
     * on to l: {@link NormalLogDensityWithLogStd}). For a trace, whose rows show what the sweep did;
     * {@code names} are the arguments as the trace names them.
     */
    public Rerouted rerouted(List<double[]> args, double[] outBar, List<double[][]> partials, List<String> names) {
        return null;
    }

    /** The local partials a reverse sweep multiplied by in place of d out / d arg, one per argument, and why. */
    public record Rerouted(List<double[][]> partials, String reason) {}

    /**
     * The adjoint contributions {@code (dy/dx_i)^T y_bar}, one per argument, each with that argument's
     * shape, or null where an argument gets none (indices, conditions, constants of the rule).
     */
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        throw new UnsupportedOperationException(name + ": symbolic derivative");
    }

    /**
     * Registers after the result that {@link #forward} fills for {@link #backward}: partials computed
     * once in the forward sweep rather than again in the reverse one (as Stan Math keeps them with each
     * node of its tape). The categorical's weights; none for most primitives.
     */
    public int workspace(List<Node> args) {
        return 0;
    }

    /**
     * Whether a sweep that wants only the gradient may run {@link #forwardForGradient} in this
     * instruction's place when nothing else reads its result: the root of a policy's log-likelihood,
     * whose value a rollout never reads ({@code dev.policygrad.ad.Tape#gradientForAction}). The
     * log-densities say yes; the op-table test holds each to the full sweep's gradient bit for bit, and
     * {@code DomainErrorTest} to its errors.
     */
    public boolean skipsResultForGradient() {
        return false;
    }

    /**
     * What {@link #backward} needs of {@link #forward} when the result itself is not wanted: the
     * forward's domain checks and its {@link #workspace}, without the result (a categorical's weights
     * without the {@code log1p} of its value). Called only when {@link #skipsResultForGradient}.
     */
    public void forwardForGradient(double[] v, int[] code, int pc) {
        forward(v, code, pc);
    }

    /** Binding strength when printed; {@link #ATOM} for function-call form. */
    public int precedence() {
        return ATOM;
    }

    /** Infix text, given the arguments already printed; the op adds the parentheses it needs. */
    public String infix(List<Printed> args) {
        StringBuilder out = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) out.append(i == 0 ? "" : ", ").append(args.get(i).text());
        return out.append(')').toString();
    }

    /** LaTeX, given the arguments already printed in LaTeX. */
    public String latex(List<Printed> args) {
        StringBuilder out = new StringBuilder("\\operatorname{").append(name.replace("_", "\\_")).append("}\\left(");
        for (int i = 0; i < args.size(); i++) out.append(i == 0 ? "" : ", ").append(args.get(i).text());
        return out.append("\\right)").toString();
    }

    /** Whether {@code a op (b op c)} reads as {@code a op b op c} (only {@code ^}). */
    public boolean rightAssociative() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Whether {@code node} applies this primitive. */
    public final boolean is(Node node) {
        return node instanceof Node.Apply a && a.op() == this;
    }
}
