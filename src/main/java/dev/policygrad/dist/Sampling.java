package dev.policygrad.dist;

import java.util.SplittableRandom;

/** Draws from discrete distributions given as logits, probabilities or log-probabilities. */
public final class Sampling {

    private Sampling() {}

    /** An index drawn with probability softmax(logits)_i, by inversion on the shifted weights. */
    public static int categoricalFromLogits(double[] logits, SplittableRandom random) {
        return categoricalFromLogits(logits, logits.length, random);
    }

    /**
     * As {@link #categoricalFromLogits(double[], SplittableRandom)} on the first {@code n} logits.
     * Two actions, the common case, take one exponential: P(second) = sigmoid(z_1 - z_0).
     */
    public static int categoricalFromLogits(double[] logits, int n, SplittableRandom random) {
        if (n == 2) {
            double d = logits[1] - logits[0];
            double u = random.nextDouble();
            if (d != d) return logits[1] > logits[0] ? 1 : 0;
            double second = d >= 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
            return u < second ? 1 : 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[i]);
        double total = 0;
        for (int i = 0; i < n; i++) total += Math.exp(logits[i] - max);
        double u = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.exp(logits[i] - max);
            if (w > 0) last = i;
            u -= w;
            if (u < 0 && w > 0) return i;
        }
        return last;
    }

    /** An index drawn with probability proportional to {@code probabilities[i]}. */
    public static int categoricalFromProbabilities(double[] probabilities, SplittableRandom random) {
        double total = 0;
        for (double p : probabilities) total += p;
        double u = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > 0) last = i;
            u -= probabilities[i];
            if (u < 0 && probabilities[i] > 0) return i;
        }
        return last;
    }
}
