package dev.policygrad.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What is wrong with a biased estimator, from its expectation E (exact, or estimated) and the gradient
 * g = grad J: the bias b = E - g and |b| / |g|; the cosine <E, g> / (|E| |g|); the best scale
 * c = <E, g> / |g|^2, which minimizes |E - c g|, and the residual |E - c g|. When the residual is within
 * {@code tolerance} (rounding for an exact expectation, the smallest detectable bias for a sampled one),
 * E is a multiple of the gradient: with c &gt; 0 it points the right way and only the step size is off;
 * with c &lt; 0 its sign is flipped; unless |E| itself is within the tolerance: then E is no more than
 * zero, and the estimator does not follow the gradient at all. Otherwise it points elsewhere. And where
 * the bias lies: the components whose bias |b_j| exceeds their own tolerance (rounding; or the smallest
 * bias of that component the test detects).
 *
 * @param bias      E - g
 * @param relative  |b| / |g| (infinite when g = 0)
 * @param cosine    cos(E, g) (NaN when either is 0)
 * @param scale     c
 * @param residual  |E - c g|
 * @param magnitude |E|
 * @param tolerance below which the residual (or |E|) counts as zero
 * @param componentTolerance per component, below which its bias counts as zero
 * @param exact     whether E is exact (else estimated from samples)
 */
public record Diagnosis(double[] bias, double relative, double cosine, double scale, double residual,
        double magnitude, double tolerance, double[] componentTolerance, boolean exact) {

    /** As {@link #of(double[], double[], double, double[], boolean)}, every component within {@code tolerance}. */
    public static Diagnosis of(double[] expectation, double[] gradient, double tolerance, boolean exact) {
        double[] each = new double[gradient.length];
        Arrays.fill(each, tolerance);
        return of(expectation, gradient, tolerance, each, exact);
    }

    public static Diagnosis of(double[] expectation, double[] gradient, double tolerance, double[] componentTolerance,
            boolean exact) {
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
                Math.sqrt(residual), Math.sqrt(ee), tolerance, componentTolerance.clone(), exact);
    }

    /**
     * Whether E = c grad J with c &gt; 0, up to the tolerance. For a sampled E this means only that the
     * episodes cannot tell a rescaled gradient from a turned one.
     */
    public boolean positiveMultiple() {
        return scale > 0 && residual <= tolerance && !zero();
    }

    /** Whether E = c grad J with c &lt; 0, up to the tolerance: the sign is flipped. */
    public boolean negativeMultiple() {
        return scale < 0 && residual <= tolerance && !zero();
    }

    /** Whether |E| is within the tolerance: E is no more than zero, whatever its direction. */
    public boolean zero() {
        return magnitude <= tolerance;
    }

    /** The components whose bias exceeds their tolerance, largest |b_j| first. */
    public int[] biasedComponents() {
        return IntStream.range(0, bias.length)
                .filter(j -> Math.abs(bias[j]) > componentTolerance[j])
                .boxed().sorted((i, j) -> Double.compare(Math.abs(bias[j]), Math.abs(bias[i])))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * Where the bias lies, in words: {@code bias in 1 of 6 components: W[0][0] +0.3000; the other 5 agree
     * within their tolerance}, at most {@code shown} of them named.
     */
    public String where(List<String> names, int shown) {
        int[] biased = biasedComponents();
        int p = bias.length;
        String tolerance = exact ? "rounding" : "what these episodes resolve per parameter";
        if (biased.length == 0) {
            return "no single component's bias exceeds " + tolerance + "; it is spread thinly over all " + p;
        }
        StringBuilder sb = new StringBuilder(biased.length == p ? "bias in every component" : "bias in "
                + biased.length + " of " + p + " components");
        sb.append(biased.length > shown ? ", largest: " : ": ");
        for (int i = 0; i < Math.min(shown, biased.length); i++) {
            if (i > 0) sb.append(", ");
            sb.append(names.get(biased[i])).append(' ').append(String.format(Locale.ROOT, "%+.4g", bias[biased[i]]));
        }
        if (biased.length > shown) sb.append(", ... (").append(biased.length - shown).append(" more)");
        if (biased.length < p) {
            sb.append("; the other ").append(p - biased.length).append(" agree within ").append(tolerance);
        }
        return sb.toString();
    }

    /** The finding in words. */
    public String words() {
        if (Double.isNaN(scale)) {
            return "grad J is zero here, so the whole expectation is bias";
        }
        if (zero() && exact) {
            return String.format(Locale.ROOT, "E[estimate] is zero up to rounding (|E| = %.3g): the estimator does not "
                    + "follow the gradient at all; on average it leaves the parameters where they are", magnitude);
        }
        if (zero()) {
            return String.format(Locale.ROOT, "|E[estimate]| = %.3g, below the smallest bias these episodes resolve "
                    + "(%.3g): they cannot tell it from an estimator whose expectation is 0, which does not follow the "
                    + "gradient at all", magnitude, tolerance);
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
        if (negativeMultiple() && !exact) {
            return String.format(Locale.ROOT, "E[estimate] = %.4g x grad J plus a residual of %.3g, below the "
                    + "smallest bias these episodes resolve (%.3g): the sign looks flipped, so following it lowers J; "
                    + "whether it also turns the gradient, they cannot tell (an exact check or more episodes can)",
                    scale, residual, tolerance);
        }
        if (negativeMultiple()) {
            // E = c g exactly, so |E + g| = |c + 1| |g|: negated, is it grad J itself or a rescaled one?
            boolean negated = Math.abs(scale + 1) * Math.sqrt(norm2(bias)) / relative <= tolerance;
            return String.format(Locale.ROOT, "E[estimate] = %.6g x grad J: the sign is flipped, so following it "
                    + "lowers J; negated, %s", scale, negated ? "it would be unbiased" : "only the step size would be off");
        }
        if (cosine > 0) {
            return String.format(Locale.ROOT, "E[estimate] points elsewhere (cosine %.4g with grad J): still uphill, "
                    + "but not a multiple of the gradient", cosine);
        }
        return String.format(Locale.ROOT, "E[estimate] points away from the gradient (cosine %.4g): following it "
                + "lowers J", cosine);
    }

    /** One line with the figures. */
    public String figures() {
        return String.format(Locale.ROOT, "|bias| = %.4g (%.4g of |grad J|), cosine %.4g, best scale c = %.4g, "
                + "residual |E - c grad J| = %.3g", Math.sqrt(norm2(bias)), relative, cosine, scale, residual);
    }

    private static double norm2(double[] x) {
        double sum = 0;
        for (double v : x) sum += v * v;
        return sum;
    }
}
