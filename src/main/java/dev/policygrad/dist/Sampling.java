package dev.policygrad.dist;

import dev.policygrad.ir.Ops;
import java.util.SplittableRandom;

/** Draws from discrete distributions given as logits or probabilities, read in place from {@link Values}. */
public final class Sampling {

    private Sampling() {}

    /**
     * An index drawn with probability softmax(z)_i, z the entries of parameter {@code parameter}, by
     * inversion on the weights shifted by the largest logit. Two actions, the common case, take one
     * exponential: P(second) = sigmoid(z_1 - z_0).
     */
    public static int categoricalFromLogits(Values values, int parameter, SplittableRandom random) {
        int n = values.size(parameter);
        if (n == 2) {
            double z0 = values.get(parameter, 0), z1 = values.get(parameter, 1);
            double d = z1 - z0;
            double u = random.nextDouble();
            if (d != d) return z1 > z0 ? 1 : 0;
            double second = Ops.sigmoid(d);
            return u < second ? 1 : 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, values.get(parameter, i));
        double total = 0;
        for (int i = 0; i < n; i++) total += Math.exp(values.get(parameter, i) - max);
        double u = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.exp(values.get(parameter, i) - max);
            if (w > 0) last = i;
            u -= w;
            if (u < 0 && w > 0) return i;
        }
        return last;
    }

    /** An index drawn with probability proportional to the entries of parameter {@code parameter}. */
    public static int categoricalFromProbabilities(Values values, int parameter, SplittableRandom random) {
        int n = values.size(parameter);
        double total = 0;
        for (int i = 0; i < n; i++) total += values.get(parameter, i);
        double u = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < n; i++) {
            double p = values.get(parameter, i);
            if (p > 0) last = i;
            u -= p;
            if (u < 0 && p > 0) return i;
        }
        return last;
    }
}
