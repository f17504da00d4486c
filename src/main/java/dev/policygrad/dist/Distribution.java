package dev.policygrad.dist;

import dev.policygrad.ir.BernoulliLogMass;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.NormalLogDensity;
import dev.policygrad.ir.Ops;
import dev.policygrad.ast.Span;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The distribution a policy draws its action from, with its parameters as IR expressions of
 * theta and s. It knows its log-density as IR, computed in log space, and how to sample given the
 * evaluated parameters.
 */
public sealed interface Distribution {

    /** The parameters, in the order {@link #sample} receives their values. */
    List<Node> parameters();

    /** log pi(a | s) as an expression of the action input {@code a} (an index, or a real value). */
    Node logDensity(Graph g, Node action, Span span);

    /**
     * An action drawn with the given parameter values.
     *
     * @throws dev.policygrad.ir.DomainError when no action can be drawn from them (a NaN or +infinite
     *         logit, a std that is not positive and finite, a NaN mean, a probability outside [0, 1])
     */
    double sample(Values values, SplittableRandom random);

    /**
     * An action drawn into {@code out[offset, offset + K)}, K its number of components (1 for every
     * scalar action). Components are drawn in order from the one stream, so a draw is a function of
     * the stream alone (the same bits on any thread and backend), and a one-component draw is
     * {@link #sample(Values, SplittableRandom)}'s.
     */
    default void sample(Values values, SplittableRandom random, double[] out, int offset) {
        out[offset] = sample(values, random);
    }

    /** The name as written ({@code categorical}). */
    String name();

    /**
     * {@code categorical(logits = z)}: action i has probability softmax(z)_i, so
     * {@code log pi(i) = z_i - logsumexp(z)}, finite for logits of any size.
     */
    record Categorical(Node logits) implements Distribution {
        public List<Node> parameters() { return List.of(logits); }

        public Node logDensity(Graph g, Node action, Span span) {
            return g.apply(Ops.CATEGORICAL_LPMF, span, logits, action);
        }

        public double sample(Values values, SplittableRandom random) {
            return Sampling.categoricalFromLogits(values, 0, random);
        }

        public String name() { return "categorical"; }
    }

    /**
     * {@code categorical(probs = p)}: {@code log pi(i) = log p_i}. The probabilities must be
     * non-negative; they are used as given (the engine does not renormalize them).
     */
    record CategoricalProbs(Node probs) implements Distribution {
        public List<Node> parameters() { return List.of(probs); }

        public Node logDensity(Graph g, Node action, Span span) {
            return g.apply(Ops.LOG, span, g.apply(Ops.PICK, span, probs, action));
        }

        public double sample(Values values, SplittableRandom random) {
            return Sampling.categoricalFromProbabilities(values, 0, random);
        }

        public String name() { return "categorical"; }
    }

    /**
     * {@code normal(mean = mu, std = sigma)} over a real action; over {@code a[K]} the diagonal Gaussian
     * with mean vector mu and standard deviations sigma (a K-vector, or a scalar shared by all):
     * {@code log pi(a) = sum_k log N(a_k | mu_k, sigma_k)}, the components being independent. A std
     * written {@code exp(l)} is scored with l as its logarithm ({@code normal_lpdf_with_log_std}), so the
     * tape's one {@code exp(l)} serves the sampler and the density, and no {@code log(exp(l))} is taken.
     */
    record Normal(Node mean, Node std) implements Distribution {
        public List<Node> parameters() { return List.of(mean, std); }

        public Node logDensity(Graph g, Node action, Span span) {
            if (std instanceof Node.Apply exp && exp.op() == Ops.EXP) {
                return Diagonal.logDensity(g, Ops.NORMAL_LPDF_WITH_LOG_STD, action, mean, span, std, exp.arg(0));
            }
            return Diagonal.logDensity(g, Ops.NORMAL_LPDF, action, mean, span, std);
        }

        public double sample(Values values, SplittableRandom random) {
            return draw(values, random);
        }

        @Override
        public void sample(Values values, SplittableRandom random, double[] out, int offset) {
            draw(values, random, out, offset);
        }

        /** u ~ N(mu, sigma) for a scalar action (also {@link TanhNormal}'s u before tanh). */
        static double draw(Values values, SplittableRandom random) {
            double mean = values.get(0, 0), std = values.get(1, 0);
            check(mean, std);
            return mean + std * random.nextGaussian();
        }

        /**
         * A draw needs a finite mean and a positive, finite std: a {@link DomainError} otherwise (the
         * log-density's message for the std).
         */
        private static void check(double mean, double std) {
            NormalLogDensity.checkDomain(std);
            if (std == Double.POSITIVE_INFINITY) throw new DomainError("a normal distribution's std is Infinity, so no action can be drawn");
            if (!(Math.abs(mean) < Double.POSITIVE_INFINITY)) {
                throw new DomainError("a normal distribution's mean is " + mean + ", so no action can be drawn");
            }
        }

        /** u_k ~ N(mu_k, sigma_k) into {@code out[offset + k]}, component by component. */
        static void draw(Values values, SplittableRandom random, double[] out, int offset) {
            int components = values.size(0);
            boolean shared = values.size(1) == 1;
            for (int k = 0; k < components; k++) {
                double mean = values.get(0, k), sigma = values.get(1, shared ? 0 : k);
                check(mean, sigma);
                out[offset + k] = mean + sigma * random.nextGaussian();
            }
        }

        public String name() { return "normal"; }
    }

    /**
     * {@code tanh_normal(mean = mu, std = sigma)} over a real action in (-1, 1): {@code a = tanh(u)},
     * {@code u ~ N(mu, sigma)}. A draw whose tanh rounds to +-1 (|u| beyond about 19) is kept at the
     * nearest double inside the interval, so every drawn action has a finite log-density. Over
     * {@code a[K]}, each component is pushed through tanh on its own: {@code log pi(a) =
     * sum_k [log N(u_k | mu_k, sigma_k) - log(1 - tanh(u_k)^2)]}, {@code u_k = atanh(a_k)} (the
     * Jacobian of the componentwise map is diagonal). A std written {@code exp(l)} is scored with l as its
     * logarithm ({@code tanh_normal_lpdf_with_log_std}), as {@link Normal} does.
     */
    record TanhNormal(Node mean, Node std) implements Distribution {
        public List<Node> parameters() { return List.of(mean, std); }

        public Node logDensity(Graph g, Node action, Span span) {
            if (std instanceof Node.Apply exp && exp.op() == Ops.EXP) {
                return Diagonal.logDensity(g, Ops.TANH_NORMAL_LPDF_WITH_LOG_STD, action, mean, span, std, exp.arg(0));
            }
            return Diagonal.logDensity(g, Ops.TANH_NORMAL_LPDF, action, mean, span, std);
        }

        public double sample(Values values, SplittableRandom random) {
            return squash(Normal.draw(values, random));
        }

        @Override
        public void sample(Values values, SplittableRandom random, double[] out, int offset) {
            Normal.draw(values, random, out, offset);
            for (int k = 0; k < values.size(0); k++) out[offset + k] = squash(out[offset + k]);
        }

        private static double squash(double u) {
            return Math.max(Math.nextUp(-1.0), Math.min(Math.nextDown(1.0), Math.tanh(u)));
        }

        public String name() { return "tanh_normal"; }
    }

    /** {@code bernoulli(p = p)} over two actions: the second action (index 1) has probability p. */
    record Bernoulli(Node p) implements Distribution {
        public List<Node> parameters() { return List.of(p); }

        public Node logDensity(Graph g, Node action, Span span) {
            return g.apply(Ops.BERNOULLI_LPMF, span, action, p);
        }

        public double sample(Values values, SplittableRandom random) {
            double p = values.get(0, 0);
            BernoulliLogMass.checkProbability(p);
            return random.nextDouble() < p ? 1 : 0;
        }

        public String name() { return "bernoulli"; }
    }

    /**
     * {@code bernoulli(logit = z)}: the second action has probability sigmoid(z), and
     * {@code log pi(k) = k z - softplus(z)}, exact in log space for any z.
     */
    record BernoulliLogit(Node logit) implements Distribution {
        public List<Node> parameters() { return List.of(logit); }

        public Node logDensity(Graph g, Node action, Span span) {
            // -softplus(-z) for success, -softplus(z) for failure: (1 - 2a) is exactly -1 or 1, and
            // neither form subtracts two large numbers (a z - softplus(z) gives 0 for 40 - 40.0)
            Node sign = g.apply(Ops.SUB, span, g.constant(1), g.apply(Ops.MUL, span, g.constant(2), action));
            return g.apply(Ops.NEG, span, g.apply(Ops.SOFTPLUS, span, g.apply(Ops.MUL, span, sign, logit)));
        }

        public double sample(Values values, SplittableRandom random) {
            double z = values.get(0, 0);
            if (z != z) throw new DomainError("a Bernoulli logit is NaN, so the probabilities are undefined");
            double p = Ops.sigmoid(z);
            return random.nextDouble() < p ? 1 : 0;
        }

        public String name() { return "bernoulli"; }
    }
}
