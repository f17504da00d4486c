package dev.policygrad.objective;

import java.util.function.ToDoubleFunction;

/**
 * The gradient of a smooth function by the 6-point central stencil
 * f'(x) ~ (-f(x-3h) + 9 f(x-2h) - 45 f(x-h) + 45 f(x+h) - 9 f(x+2h) + f(x+3h)) / (60 h),
 * whose truncation error is O(h^6), with h = eps^(1/7) max(1, |x|) as in Stan Math's finite-difference
 * gradient, which balances that error against rounding (about eps |f| / h).
 */
public final class ObjectiveDifferences {

    private static final double[] OFFSETS = {-3, -2, -1, 1, 2, 3};
    private static final double[] WEIGHTS = {-1, 9, -45, 45, -9, 1};
    private static final double STEP = Math.pow(Math.ulp(1.0), 1.0 / 7);

    private ObjectiveDifferences() {}

    /** df/dtheta at theta, one stencil per coordinate ({@code theta} is left unchanged). */
    public static double[] gradient(ToDoubleFunction<double[]> f, double[] theta) {
        double[] x = theta.clone();
        double[] gradient = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double h = STEP * Math.max(1, Math.abs(theta[i]));
            double total = 0;
            for (int k = 0; k < OFFSETS.length; k++) {
                x[i] = theta[i] + OFFSETS[k] * h;
                total += WEIGHTS[k] * f.applyAsDouble(x);
            }
            x[i] = theta[i];
            gradient[i] = total / (60 * h);
        }
        return gradient;
    }
}
