package dev.policygrad.verify;

import java.util.Locale;

/**
 * What is wrong with a biased estimator, from its expectation E (exact, or estimated) and the gradient
 * g = grad J: the bias b = E - g and |b| / |g|; the cosine <E, g> / (|E| |g|); the best scale
 * c = <E, g> / |g|^2, which minimizes |E - c g|, and the residual |E - c g|. When the residual is within
 * {@code tolerance} (rounding for an exact expectation, the smallest detectable bias for a sampled one)
 * and c &gt; 0, E is a positive multiple of the gradient: it points the right way and only the step size
 * is off. Otherwise it points elsewhere.
 *
 * @param bias      E - g
 * @param relative  |b| / |g| (infinite when g = 0)
 * @param cosine    cos(E, g) (NaN when either is 0)
 * @param scale     c
 * @param residual  |E - c g|
 * @param tolerance below which the residual counts as zero
 * @param exact     whether E is exact (else estimated from samples)
 */
public record Diagnosis(double[] bias, double relative, double cosine, double scale, double residual,
        double tolerance, boolean exact) {

    public static Diagnosis of(double[] expectation, double[] gradient, double tolerance, boolean exact) {
        int p = gradient.length;
        double[] bias = new double[p];
        double eg = 0;
        double gg = 0;
        double ee = 0;
        double bb = 0;
        for (int j = 0; j < p; j++) {
            bias[j] = expectation[j] - gradient[j];
            eg += expectation[j] * gradient[j];
            gg += gradient[j] * gradient[j];
            ee += expectation[j] * expectation[j];
            bb += bias[j] * bias[j];
        }
        double scale = gg == 0 ? Double.NaN : eg / gg;
        double residual = 0;
        for (int j = 0; j < p; j++) {
            double r = expectation[j] - (gg == 0 ? 0 : scale) * gradient[j];
            residual += r * r;
        }
        double cosine = ee == 0 || gg == 0 ? Double.NaN : eg / Math.sqrt(ee * gg);
        return new Diagnosis(bias, gg == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(bb / gg), cosine, scale,
                Math.sqrt(residual), tolerance, exact);
    }

    /**
     * Whether E = c grad J with c &gt; 0, up to the tolerance. For a sampled E this means only that the
     * episodes cannot tell a rescaled gradient from a turned one.
     */
    public boolean positiveMultiple() {
        return scale > 0 && residual <= tolerance;
    }

    /** The finding in words. */
    public String words() {
        if (Double.isNaN(scale)) {
            return "grad J is zero here, so the whole expectation is bias";
        }
        if (positiveMultiple() && !exact) {
            return String.format(Locale.ROOT, "E[estimate] = %.4g x grad J plus a residual of %.3g, below the "
                    + "smallest bias these episodes resolve (%.3g): whether the estimator only rescales the gradient or "
                    + "also turns it, they cannot tell (an exact check or more episodes can)", scale, residual, tolerance);
        }
        if (positiveMultiple()) {
            return String.format(Locale.ROOT, "E[estimate] = %.6g x grad J: it points the way of the gradient, only "
                    + "the step size is off", scale);
        }
        if (Double.isNaN(cosine)) return "the estimator's expectation is zero: it never moves the parameters";
        if (cosine > 0) {
            return String.format(Locale.ROOT, "E[estimate] points elsewhere (cosine %.4g with grad J): still uphill, "
                    + "but not a multiple of the gradient", cosine);
        }
        return String.format(Locale.ROOT, "E[estimate] points away from the gradient (cosine %.4g): following it "
                + "lowers J", cosine);
    }

    /** One line with the figures. */
    public String figures() {
        double norm = 0;
        for (double b : bias) norm += b * b;
        return String.format(Locale.ROOT, "|bias| = %.4g (%.4g of |grad J|), cosine %.4g, best scale c = %.4g, "
                + "residual |E - c grad J| = %.3g", Math.sqrt(norm), relative, cosine, scale, residual);
    }
}
