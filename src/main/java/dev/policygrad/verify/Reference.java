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
 */
public record Reference(String method, double[] gradient, double error, String note, String biased) {

    public Reference(String method, double[] gradient, double error) {
        this(method, gradient, error, "", "");
    }

    public Reference(String method, double[] gradient, double error, String note) {
        this(method, gradient, error, note, "");
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
    }
}
