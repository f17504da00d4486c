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
 * @param biased   why the reference cannot carry a verdict (it may be off by more than its stated
 *                 error), empty when it can
 * @param standardErrors a sampled reference's standard error per component (the T^2 test adds their
 *                 squares to the diagonal of the covariance), or null: then every component's is
 *                 bounded by {@code error}, and an exact reference ({@code error} 0) adds nothing
 */
public record Reference(String method, double[] gradient, double error, String note, String biased,
        double[] standardErrors) {

    public Reference(String method, double[] gradient, double error, String note, String biased) {
        this(method, gradient, error, note, biased, null);
    }

    public Reference(String method, double[] gradient, double error) {
        this(method, gradient, error, "", "");
    }

    public Reference(String method, double[] gradient, double error, String note) {
        this(method, gradient, error, note, "");
    }

    /**
     * A sampled reference with its components' standard errors {@code standardErrors}; {@code error} is
     * their largest.
     */
    public static Reference sampled(String method, double[] gradient, double[] standardErrors, String note,
            String biased) {
        double largest = 0;
        for (double s : standardErrors) largest = Math.max(largest, s);
        return new Reference(method, gradient, largest, note, biased, standardErrors);
    }

    /**
     * The variance of each component as an estimate of grad J: its standard error squared (sampled),
     * {@code error}^2 where only the bound is known, 0 for an exact reference.
     */
    public double[] variances() {
        double[] v = new double[gradient.length];
        for (int j = 0; j < v.length; j++) {
            double s = standardErrors != null ? standardErrors[j] : error;
            v[j] = s * s;
        }
        return v;
    }

    /** Whether a verdict can rest on this reference. */
    public boolean carriesVerdict() {
        return biased.isEmpty();
    }

    /** What a verdict against this reference rests on: "exact" or "sampled (standard error ...)". */
    public String basis() {
        return error == 0 ? "an exact reference gradient" : "a sampled reference gradient (largest standard error "
                + String.format(java.util.Locale.ROOT, "%.3g", error) + ")";
    }

    public Reference {
        gradient = gradient.clone();
        note = note == null ? "" : note;
        biased = biased == null ? "" : biased;
        if (!(error >= 0)) throw new IllegalArgumentException("error must be non-negative, got " + error);
        if (standardErrors != null) {
            standardErrors = standardErrors.clone();
            if (standardErrors.length != gradient.length) {
                throw new IllegalArgumentException(standardErrors.length + " standard errors for " + gradient.length
                        + " components");
            }
            for (double s : standardErrors) {
                if (!(s >= 0 && s <= error)) {
                    throw new IllegalArgumentException("a standard error " + s + " outside [0, error = " + error + "]");
                }
            }
        }
    }

    /** The method and the gradient in theta's order, with every digit, for printing in a shell. */
    @Override
    public String toString() {
        return "reference gradient " + java.util.Arrays.toString(gradient) + " (" + method + (error == 0 ? ""
                : "; largest standard error " + error) + ")" + (biased.isEmpty() ? "" : "; cannot carry a verdict: "
                        + biased);
    }
}
