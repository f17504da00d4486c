package dev.policygrad.bench;

import dev.policygrad.check.ParameterLayout;
import dev.policygrad.policy.Policy;

/**
 * The benchmark policies' log pi and score d log pi / d theta written by hand in plain Java from
 * their closed forms: the limit an engine can approach. Reads theta in the policy's own parameter
 * layout. Preallocated workspaces; not thread-safe.
 */
public abstract class HandWritten {

    public abstract double logPi(double[] theta, double[] s, double a);

    /** Writes the score into {@code gradient}; returns log pi. */
    public abstract double score(double[] theta, double[] s, double a, double[] gradient);

    /**
     * {@code x[xOffset ..] . y[yOffset ..]} over {@code n} elements, with four partial sums so that
     * consecutive multiply-adds do not wait on each other (the reduction order differs from a
     * left-to-right sum only by rounding).
     */
    static double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xOffset + j] * y[yOffset + j];
            s1 += x[xOffset + j + 1] * y[yOffset + j + 1];
            s2 += x[xOffset + j + 2] * y[yOffset + j + 2];
            s3 += x[xOffset + j + 3] * y[yOffset + j + 3];
        }
        for (; j < n; j++) s0 += x[xOffset + j] * y[yOffset + j];
        return (s0 + s1) + (s2 + s3);
    }

    /** The twin of a {@link BenchPolicies} case. */
    public static HandWritten of(String name, Policy policy) {
        ParameterLayout layout = policy.parameters();
        if (name.startsWith("softmax")) {
            ParameterLayout.Block w = layout.block("W");
            return new LinearSoftmax(w.shape().rows(), w.shape().cols(), w.offset(), layout.block("b").offset());
        }
        if (name.startsWith("gaussian")) {
            ParameterLayout.Block w = layout.block("w");
            return new Gaussian(w.size(), w.offset(), layout.block("log_std").offset());
        }
        return new Mlp(layout.block("W1").offset(), layout.block("b1").offset(), layout.block("W2").offset());
    }

    /**
     * {@code z = W s + b}, {@code log pi(a | s) = z_a - logsumexp(z)};
     * {@code d log pi / d W = (onehot(a) - softmax(z)) s^T}, {@code d log pi / d b = onehot(a) - softmax(z)}.
     */
    public static final class LinearSoftmax extends HandWritten {
        private final int actions, features, w, b;
        private final double[] z;

        public LinearSoftmax(int actions, int features, int wOffset, int bOffset) {
            this.actions = actions;
            this.features = features;
            this.w = wOffset;
            this.b = bOffset;
            this.z = new double[actions];
        }

        /** Fills z and returns logsumexp(z). */
        private double logits(double[] theta, double[] s) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < actions; i++) {
                double zi = theta[b + i] + dot(theta, w + i * features, s, 0, features);
                z[i] = zi;
                max = Math.max(max, zi);
            }
            double sum = 0;
            for (int i = 0; i < actions; i++) sum += Math.exp(z[i] - max);
            return max + Math.log(sum);
        }

        @Override
        public double logPi(double[] theta, double[] s, double a) {
            double lse = logits(theta, s);
            return z[(int) a] - lse;
        }

        @Override
        public double score(double[] theta, double[] s, double a, double[] gradient) {
            double lse = logits(theta, s);
            int action = (int) a;
            for (int i = 0; i < actions; i++) {
                double coefficient = (i == action ? 1 : 0) - Math.exp(z[i] - lse);
                int row = w + i * features;
                for (int j = 0; j < features; j++) gradient[row + j] = coefficient * s[j];
                gradient[b + i] = coefficient;
            }
            return z[action] - lse;
        }
    }

    /**
     * {@code log pi(a | s) = -(a - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2} with
     * {@code mu = w . s}, {@code sigma = exp(log_std)}; {@code d/dw = (a - mu) / sigma^2 s},
     * {@code d/d log_std = ((a - mu) / sigma)^2 - 1}.
     */
    public static final class Gaussian extends HandWritten {
        private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
        private final int features, w, logStd;

        public Gaussian(int features, int wOffset, int logStdOffset) {
            this.features = features;
            this.w = wOffset;
            this.logStd = logStdOffset;
        }

        private double mean(double[] theta, double[] s) {
            return dot(theta, w, s, 0, features);
        }

        @Override
        public double logPi(double[] theta, double[] s, double a) {
            double u = (a - mean(theta, s)) / Math.exp(theta[logStd]);
            return -0.5 * u * u - theta[logStd] - HALF_LOG_TWO_PI;
        }

        @Override
        public double score(double[] theta, double[] s, double a, double[] gradient) {
            double sigma = Math.exp(theta[logStd]);
            double u = (a - mean(theta, s)) / sigma;
            double coefficient = u / sigma;
            for (int j = 0; j < features; j++) gradient[w + j] = coefficient * s[j];
            gradient[logStd] = u * u - 1;
            return -0.5 * u * u - theta[logStd] - HALF_LOG_TWO_PI;
        }
    }

    /**
     * {@code h = tanh(W1 s + b1)}, {@code z = W2 h}, {@code log pi(a | s) = z_a - logsumexp(z)};
     * back-propagated by hand: {@code e = onehot(a) - softmax(z)}, {@code d/dW2 = e h^T},
     * {@code g = (W2^T e) (1 - h^2)}, {@code d/dW1 = g s^T}, {@code d/db1 = g}.
     */
    public static final class Mlp extends HandWritten {
        private static final int IN = 4, HIDDEN = 16, OUT = 2;
        private final int w1, b1, w2;
        private final double[] h = new double[HIDDEN], z = new double[OUT], e = new double[OUT];

        public Mlp(int w1Offset, int b1Offset, int w2Offset) {
            this.w1 = w1Offset;
            this.b1 = b1Offset;
            this.w2 = w2Offset;
        }

        private double forward(double[] theta, double[] s) {
            for (int k = 0; k < HIDDEN; k++) {
                h[k] = Math.tanh(theta[b1 + k] + dot(theta, w1 + k * IN, s, 0, IN));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < OUT; i++) {
                double zi = dot(theta, w2 + i * HIDDEN, h, 0, HIDDEN);
                z[i] = zi;
                max = Math.max(max, zi);
            }
            double sum = 0;
            for (int i = 0; i < OUT; i++) sum += Math.exp(z[i] - max);
            return max + Math.log(sum);
        }

        @Override
        public double logPi(double[] theta, double[] s, double a) {
            double lse = forward(theta, s);
            return z[(int) a] - lse;
        }

        @Override
        public double score(double[] theta, double[] s, double a, double[] gradient) {
            double lse = forward(theta, s);
            int action = (int) a;
            for (int i = 0; i < OUT; i++) e[i] = (i == action ? 1 : 0) - Math.exp(z[i] - lse);
            for (int i = 0; i < OUT; i++) {
                int row = w2 + i * HIDDEN;
                for (int k = 0; k < HIDDEN; k++) gradient[row + k] = e[i] * h[k];
            }
            for (int k = 0; k < HIDDEN; k++) {
                double hBar = 0;
                for (int i = 0; i < OUT; i++) hBar += theta[w2 + i * HIDDEN + k] * e[i];
                double g = hBar * (1 - h[k] * h[k]);
                int row = w1 + k * IN;
                for (int j = 0; j < IN; j++) gradient[row + j] = g * s[j];
                gradient[b1 + k] = g;
            }
            return z[action] - lse;
        }
    }
}
