package dev.policygrad.verify;

/**
 * The gradient an estimator is checked against.
 *
 * @param method   how it was obtained ({@code exact}, {@code finite-differences of exact J}, ...)
 * @param gradient grad J, in theta's order
 * @param error    an absolute bound on its own numerical error (0 for an exact gradient); the T^2
 *                 test treats the reference as fixed, so a noisy (Monte Carlo) reference makes it
 *                 reject more often than alpha
 * @param note     caveats about the reference, empty when there are none
 */
public record Reference(String method, double[] gradient, double error, String note) {

    public Reference(String method, double[] gradient, double error) {
        this(method, gradient, error, "");
    }

    public Reference {
        gradient = gradient.clone();
        if (!(error >= 0)) throw new IllegalArgumentException("error must be non-negative, got " + error);
    }
}
