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
 * <p>The step then adapts, much as in Ridders' method (Ridders 1982): it is quartered while that
 * lowers the error estimate (up to six times), so functions that vary on a scale shorter than {@code h} (near the
 * edge of their domain, say {@code log x} at {@code x = 0.004}) are still differentiated
 * accurately. A step that leaves the function's domain (an {@link EvalError}, or a non-finite value
 * where {@code f(x)} is finite) is quartered too; if no step works, the partial is NaN with an
 * infinite error estimate. An {@link EvalError} at {@code x} itself propagates: the function is not
 * defined there.
 *
 * <p>The error estimate can be fooled: a step scaled with {@code |x|} may span many periods of
 * {@code sin(x)} at {@code x = 1000}, or cross a pole of {@code 1 / x} near 0, and the two orders
 * then agree on a wrong value. So each partial is estimated again at half the chosen step
 * ({@link Result#halfStep}); where the two differ by more than a check's tolerance
 * ({@link Result#reliable}), finite differences cannot vouch for themselves at that point.
 */
final class FiniteDifferences {

    private FiniteDifferences() {}

    /**
     * A gradient and, per component, an estimate of its absolute error, the step {@code h} the
     * estimate was taken with, the estimate at {@code h / 2} (NaN where it could not be taken) and
     * the rounding error of that estimate.
     */
    public record Result(double[] gradient, double[] errorEstimate, double[] step, double[] halfStep,
            double[] halfStepRounding) {

        /**
         * Whether component {@code i} vouches for itself: its estimates a, b at steps h and h / 2
         * agree within {@code relative}, {@code |a - b| <= relative max(|a|, |b|)}, or within a few
         * times the rounding error (a partial that is 0 up to rounding). No absolute floor: at
         * {@code sin(1e12)} the step is 6e9 and both estimates are near 0 whatever the derivative.
         */
        public boolean reliable(int i, double relative) {
            double a = gradient[i], b = halfStep[i];
            if (!Double.isFinite(a) || !Double.isFinite(b)) return a == b;
            return Math.abs(a - b) <= Math.max(relative * Math.max(Math.abs(a), Math.abs(b)),
                    4 * halfStepRounding[i]);
        }
    }

    private static final double EPSILON = Math.ulp(1.0);
    private static final double STEP = Math.pow(EPSILON, 1.0 / 7);
    private static final int REFINEMENTS = 6;
    /** An error estimate this far below the partial's size needs no smaller step. */
    private static final double GOOD_ENOUGH = 1e-11;

    /** The gradient of {@code f} at {@code theta} ({@code theta} is left unchanged). */
    public static Result gradient(ToDoubleFunction<double[]> f, double[] theta) {
        double[] x = theta.clone();
        boolean centerFinite = Double.isFinite(f.applyAsDouble(x));
        int n = theta.length;
        double[] gradient = new double[n];
        double[] error = new double[n];
        double[] step = new double[n];
        double[] half = new double[n];
        double[] rounding = new double[n];
        double[] values = new double[6];
        double[] estimate = new double[3];
        for (int i = 0; i < n; i++) {
            gradient[i] = Double.NaN;
            error[i] = Double.POSITIVE_INFINITY;
            step[i] = Double.NaN;
            half[i] = Double.NaN;
            rounding[i] = Double.NaN;
            double h = STEP * Math.max(1, Math.abs(theta[i]));
            for (int attempt = 0; attempt <= REFINEMENTS; attempt++, h /= 4) {
                if (!sample(f, x, i, h, values, centerFinite)) {
                    if (error[i] < Double.POSITIVE_INFINITY) break;
                    continue;
                }
                estimate(values, h, estimate);
                if (!(estimate[1] < error[i])) break;
                gradient[i] = estimate[0];
                error[i] = estimate[1];
                step[i] = h;
                if (error[i] <= GOOD_ENOUGH * Math.max(1, Math.abs(gradient[i]))) break;
            }
            if (error[i] < Double.POSITIVE_INFINITY && sample(f, x, i, step[i] / 2, values, centerFinite)) {
                estimate(values, step[i] / 2, estimate);
                half[i] = estimate[0];
                rounding[i] = estimate[2];
            }
            x[i] = theta[i];
        }
        return new Result(gradient, error, step, half, rounding);
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

    /**
     * The sixth-order estimate into {@code out[0]}, its error estimate into {@code out[1]}, the
     * rounding part of that into {@code out[2]}.
     */
    private static void estimate(double[] f, double h, double[] out) {
        double d1 = f[3] - f[2], d2 = f[4] - f[1], d3 = f[5] - f[0];
        double sixth = (45 * d1 - 9 * d2 + d3) / (60 * h);
        double fourth = (8 * d1 - d2) / (12 * h);
        double rounding = EPSILON * (45 * (Math.abs(f[3]) + Math.abs(f[2])) + 9 * (Math.abs(f[4]) + Math.abs(f[1]))
                + Math.abs(f[5]) + Math.abs(f[0])) / (60 * h);
        out[0] = sixth;
        out[1] = Math.abs(sixth - fourth) + rounding;
        out[2] = rounding;
    }
}
