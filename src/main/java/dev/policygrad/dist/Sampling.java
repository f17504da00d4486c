package dev.policygrad.dist;

import dev.policygrad.ir.CategoricalLogMass;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Ops;
import java.util.SplittableRandom;

/** Draws from discrete distributions given as logits or probabilities, read in place from {@link Values}. */
public final class Sampling {

    private Sampling() {}

    /**
     * An index drawn with probability softmax(z)_i, z the entries of parameter {@code parameter}, by
     * inversion on the weights shifted by the largest logit. Two actions, the common case, take one
     * exponential: P(second) = sigmoid(z_1 - z_0). A NaN or +infinite logit, or every logit -infinite,
     * leaves the probabilities undefined: a {@link DomainError}, with the categorical kernel's message.
     */
    public static int categoricalFromLogits(Values values, int parameter, SplittableRandom random) {
        int n = values.size(parameter);
        if (n == 2) {
            double z0 = values.get(parameter, 0), z1 = values.get(parameter, 1);
            if (!(z0 < Double.POSITIVE_INFINITY && z1 < Double.POSITIVE_INFINITY)
                    || z0 == Double.NEGATIVE_INFINITY && z1 == Double.NEGATIVE_INFINITY) {
                throw undefined(values, parameter);
            }
            double u = random.nextDouble();
            return u < Ops.sigmoid(z1 - z0) ? 1 : 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double z = values.get(parameter, i);
            if (!(z < Double.POSITIVE_INFINITY)) throw undefined(values, parameter);
            max = Math.max(max, z);
        }
        if (max == Double.NEGATIVE_INFINITY) throw undefined(values, parameter);
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

    /** The categorical kernel's error for logits it cannot normalize: the first NaN or +infinite one, or all -infinite. */
    private static DomainError undefined(Values values, int parameter) {
        for (int i = 0; i < values.size(parameter); i++) {
            double z = values.get(parameter, i);
            if (Double.isNaN(z) || z == Double.POSITIVE_INFINITY) {
                return CategoricalLogMass.undefinedLogit(i, z);
            }
        }
        return CategoricalLogMass.everyLogitNegativeInfinite();
    }

    /**
     * An index drawn with probability proportional to the entries of parameter {@code parameter}, which
     * must be finite and non-negative with a positive sum (else a {@link DomainError}).
     */
    public static int categoricalFromProbabilities(Values values, int parameter, SplittableRandom random) {
        int n = values.size(parameter);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double p = values.get(parameter, i);
            if (!(p >= 0 && p < Double.POSITIVE_INFINITY)) {
                throw new DomainError("probability " + i + " is " + p + "; probabilities must be finite and non-negative");
            }
            total += p;
        }
        if (!(total > 0 && total < Double.POSITIVE_INFINITY)) {
            throw new DomainError("the probabilities sum to " + total + ", so none can be drawn");
        }
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
