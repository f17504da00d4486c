package dev.policygrad.verify;

/**
 * The gradient an estimator is checked against.
 *
 * @param method   how it was obtained ({@code exact}, {@code finite-differences of exact J}, ...)
 * @param gradient grad J, in theta's order
 * @param error    an absolute bound on its own numerical error (0 for an exact gradient); for a
 *                 sampled reference its largest standard error, which the T^2 test adds to the
 *                 estimator's variance in every direction
 * @param note     caveats about the reference, empty when there are none
 * @param tooNoisy whether the reference's error exceeds the estimator's, so that a verdict of
 *                 consistency would rest on the reference's noise rather than on the estimator
 */
public record Reference(String method, double[] gradient, double error, String note, boolean tooNoisy) {

    public Reference(String method, double[] gradient, double error) {
        this(method, gradient, error, "", false);
    }

    public Reference(String method, double[] gradient, double error, String note) {
        this(method, gradient, error, note, false);
    }

    public Reference {
        gradient = gradient.clone();
        if (!(error >= 0)) throw new IllegalArgumentException("error must be non-negative, got " + error);
    }
}
