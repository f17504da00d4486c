package dev.policygrad.ad;

import dev.policygrad.diag.EvalError;
import java.util.function.ToDoubleFunction;

/**
 * Gradients by central finite differences, a check that shares no code with automatic
 * differentiation. Each partial derivative uses the sixth-order central stencil
 * <pre>
 *   f'(x) ~ [45 (f(x+h) - f(x-h)) - 9 (f(x+2h) - f(x-2h)) + (f(x+3h) - f(x-3h))] / (60 h)
 * </pre>
 * whose truncation error is {@code O(h^6)}, with the step {@code h = eps^(1/7) max(1, |x|)} that
 * balances it against rounding error (the choice of Stan Math's {@code finite_diff_gradient}).
 * The same six values give the fourth-order estimate
 * {@code [8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))] / (12 h)}; the error estimate is the difference
 * of the two orders plus the rounding error {@code eps sum_k |c_k f(x_k)| / h}.
 *
 * <p>When a step leaves the function's domain (an {@link EvalError}, or a non-finite value where
 * {@code f(x)} is finite) the step is quartered, up to four times; if that does not help, the
 * partial is NaN with an infinite error estimate (the point is too close to the domain's edge).
 * An {@link EvalError} at {@code x} itself propagates: the function is not defined there.
 */
public final class FiniteDifferences {

    private FiniteDifferences() {}

    /** A gradient and, per component, an estimate of its absolute error. */
    public record Result(double[] gradient, double[] errorEstimate) {}

    private static final double EPSILON = Math.ulp(1.0);
    private static final double STEP = Math.pow(EPSILON, 1.0 / 7);
    private static final int RETRIES = 4;

    /** The gradient of {@code f} at {@code theta} ({@code theta} is left unchanged). */
    public static Result gradient(ToDoubleFunction<double[]> f, double[] theta) {
        double[] x = theta.clone();
        double center = f.applyAsDouble(x);
        int n = theta.length;
        double[] gradient = new double[n];
        double[] error = new double[n];
        double[] values = new double[6];
        for (int i = 0; i < n; i++) {
            double h = STEP * Math.max(1, Math.abs(theta[i]));
            boolean done = false;
            for (int attempt = 0; attempt <= RETRIES && !done; attempt++, h /= 4) {
                done = sample(f, x, i, h, values, Double.isFinite(center));
                if (done) estimate(values, h, gradient, error, i);
            }
            x[i] = theta[i];
            if (!done) {
                gradient[i] = Double.NaN;
                error[i] = Double.POSITIVE_INFINITY;
            }
        }
        return new Result(gradient, error);
    }

    /** f at x_i - 3h, x_i - 2h, x_i - h, x_i + h, x_i + 2h, x_i + 3h; false when a step leaves the domain. */
    private static boolean sample(ToDoubleFunction<double[]> f, double[] x, int i, double h, double[] values,
            boolean centerFinite) {
        double xi = x[i];
        int k = 0;
        for (int step = -3; step <= 3; step++) {
            if (step == 0) continue;
            x[i] = xi + step * h;
            double value;
            try {
                value = f.applyAsDouble(x);
            } catch (EvalError e) {
                x[i] = xi;
                return false;
            }
            if (centerFinite && !Double.isFinite(value)) {
                x[i] = xi;
                return false;
            }
            values[k++] = value;
        }
        x[i] = xi;
        return true;
    }

    private static void estimate(double[] f, double h, double[] gradient, double[] error, int i) {
        double d1 = f[3] - f[2], d2 = f[4] - f[1], d3 = f[5] - f[0];
        double sixth = (45 * d1 - 9 * d2 + d3) / (60 * h);
        double fourth = (8 * d1 - d2) / (12 * h);
        double rounding = EPSILON * (45 * (Math.abs(f[3]) + Math.abs(f[2])) + 9 * (Math.abs(f[4]) + Math.abs(f[1]))
                + Math.abs(f[5]) + Math.abs(f[0])) / (60 * h);
        gradient[i] = sixth;
        error[i] = Math.abs(sixth - fourth) + rounding;
    }
}
