package dev.policygrad.ir;

import dev.policygrad.ast.Span;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * {@code log softmax(z)_a}, the log-probability of action {@code a} under {@code categorical(logits = z)},
 * computed so that it keeps full relative precision for logits of any size. With {@code k} the
 * first largest logit and {@code m = z_k},
 * <pre>
 *   log pi(a) = (z_a - m) - log1p(sum_{i != k} exp(z_i - m)).
 * </pre>
 * The difference {@code z_a - m} is taken before anything is added, so equal logits of 1e16 give
 * exactly log 1/2 (the textbook {@code z_a - logsumexp(z)} rounds {@code 1e16 + log 2} to 1e16 and
 * gives 0); and for the most likely action, whose log-probability is a tiny negative number, the
 * {@code log1p} of the small remaining mass keeps every digit (logits (40, 10, 0), action 0:
 * -9.3576e-14, where {@code z_0 - logsumexp(z)} gives -9.2371e-14).
 *
 * <p>The partials are {@code d/dz_i = [i = a] - p_i} with {@code p_i = exp(z_i - m) / S},
 * {@code S = sum_j exp(z_j - m)}; for {@code i = a} it is computed as {@code sum_{j != a} p_j}, not
 * {@code 1 - p_a}, so it too keeps its relative precision when {@code p_a} is near 1. Domain: the
 * action must index the logits; a NaN logit or a +infinite one makes the value undefined (a domain
 * error), while a -infinite logit is an impossible action (probability 0, log-probability
 * -infinity only when it is the action chosen).
 */
public final class CategoricalLogMass extends Op {

    CategoricalLogMass() {
        super("categorical_lpmf");
    }

    @Override
    public Shape shape(List<Node> args, Span span) {
        Graph.require(args.size() == 2, span, "categorical_lpmf takes logits and an action");
        Graph.require(args.get(0).shape().isVector(), span, "categorical logits must be a vector, got "
                + args.get(0).shape());
        Graph.require(args.get(1).shape().isScalar(), span, "the action must be a scalar");
        return Shape.SCALAR;
    }

    /** The value for logits {@code z[x, x + n)} and action index {@code a} (checked by {@link Pick#index}). */
    public static double value(double[] z, int x, int n, int a) {
        int k = largest(z, x, n);
        double m = z[x + k];
        double rest = 0;
        for (int i = 0; i < n; i++) if (i != k) rest += Math.exp(z[x + i] - m);
        return (z[x + a] - m) - Math.log1p(rest);
    }

    /** Index of the first largest logit; a NaN or +infinite logit is a domain error. */
    public static int largest(double[] z, int x, int n) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            double v = z[x + i];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new DomainError("logit " + i + " is " + v + ", so the probabilities are undefined");
            }
            if (v > z[x + k]) k = i;
        }
        if (z[x + k] == Double.NEGATIVE_INFINITY) {
            throw new DomainError("every logit is -Infinity, so the probabilities are undefined");
        }
        return k;
    }

    @Override
    public void forward(double[] v, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0);
        int a = Pick.index(v[Instr.arg(code, pc, 1)], n);
        v[Instr.out(code, pc)] = value(v, x, n, a);
    }

    /** The adjoint makes the forward's checks itself and never reads the value. */
    @Override
    public boolean backwardWithoutResult() {
        return true;
    }

    @Override
    public void backward(double[] v, double[] bar, int[] code, int pc) {
        int x = Instr.arg(code, pc, 0), n = Instr.argSize(code, pc, 0);
        // the forward's checks, in its order, before anything else: the value may not have been computed
        int a = Pick.index(v[Instr.arg(code, pc, 1)], n);
        if (Instr.needs(code, pc, 0)) adjoint(v, bar, x, n, a, bar[Instr.out(code, pc)]);
        else largest(v, x, n);
    }

    /**
     * {@code bar[x + i] += yBar ([i = a] - p_i)} for the logits {@code v[x, x + n)} and the action index
     * {@code a} (checked by {@link Pick#index}); the logits are checked as the forward checks them.
     */
    public static void adjoint(double[] v, double[] bar, int x, int n, int a, double yBar) {
        int k = largest(v, x, n);
        double m = v[x + k];
        if (n == 2) {
            // the loops below for two actions, with their one exponential taken once: the total is
            // 1 + e in either order, and the others' sum is the one p
            double e = Math.exp(v[x + 1 - k] - m), total = 1 + e;
            int other = 1 - a;
            double p = (other == k ? 1 : e) / total;
            bar[x + other] -= yBar * p;
            bar[x + a] += yBar * p;
            return;
        }
        // exp(z_k - m) is exactly 1: not calling exp for it saves a call per sum on two actions
        double total = 0;
        for (int i = 0; i < n; i++) total += i == k ? 1 : Math.exp(v[x + i] - m);
        double others = 0;
        for (int i = 0; i < n; i++) {
            if (i == a) continue;
            double p = (i == k ? 1 : Math.exp(v[x + i] - m)) / total;
            others += p;
            bar[x + i] -= yBar * p;
        }
        bar[x + a] += yBar * others;
    }

    @Override
    public DerivativeStructure[] forwardMode(List<DerivativeStructure[]> args, Node.Apply node) {
        DerivativeStructure[] z = args.get(0);
        double[] values = Arrays.stream(z).mapToDouble(DerivativeStructure::getValue).toArray();
        int a = Pick.index(args.get(1)[0].getValue(), z.length);
        int k = largest(values, 0, values.length);
        DerivativeStructure rest = z[0].multiply(0);
        for (int i = 0; i < z.length; i++) if (i != k) rest = rest.add(z[i].subtract(z[k]).exp());
        return new DerivativeStructure[] {z[a].subtract(z[k]).subtract(rest.log1p())};
    }

    @Override
    public List<Node> vjp(Node.Apply y, Node yBar, Graph g) {
        Node z = y.arg(0), a = y.arg(1);
        Node e = g.apply(Ops.ONEHOT, z.shape(), Span.NONE, a);
        return Arrays.asList(g.mul(yBar, g.sub(e, g.call(Ops.SOFTMAX, z))), null);
    }

    @Override
    public String infix(List<Printed> args) {
        return "log_softmax(" + args.get(0).text() + ")[" + args.get(1).text() + "]";
    }

    @Override
    public String latex(List<Printed> args) {
        return "\\log\\operatorname{softmax}\\left(" + args.get(0).text() + "\\right)_{" + args.get(1).text() + "}";
    }
}
