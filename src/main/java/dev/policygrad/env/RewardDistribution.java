package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.diag.CheckError;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The reward an mdp transition pays on one outcome: a number, or a draw. The exact objective uses
 * only {@link #mean()} (J and its gradient depend on a reward only through its expectation given
 * s, a and s'); an episode draws the reward with {@link #draw(SplittableRandom)}. A fixed reward
 * draws nothing from the generator, so episodes of tasks without random rewards see the same
 * random stream as before rewards could be random.
 */
sealed interface RewardDistribution {

    double mean();

    double draw(SplittableRandom random);

    /** Whether the reward varies between episodes. */
    default boolean random() {
        return true;
    }

    /** {@code reward -1}. */
    record Fixed(double value) implements RewardDistribution {
        public double mean() { return value; }
        public double draw(SplittableRandom random) { return value; }
        public boolean random() { return false; }
    }

    /** {@code reward normal(mean, std)}. */
    record Normal(double mean, double std) implements RewardDistribution {
        public double draw(SplittableRandom random) { return mean + std * random.nextGaussian(); }
    }

    /** {@code reward uniform(low, high)}. */
    record Uniform(double low, double high) implements RewardDistribution {
        public double mean() { return low + 0.5 * (high - low); }
        public double draw(SplittableRandom random) { return low + (high - low) * random.nextDouble(); }
    }

    /** {@code reward {1: 0.3, 0: 0.7}}, drawn by inversion with one uniform draw. */
    record Discrete(double[] values, double[] probabilities) implements RewardDistribution {
        public double mean() {
            double sum = 0;
            for (int i = 0; i < values.length; i++) sum += probabilities[i] * values[i];
            return sum;
        }

        public double draw(SplittableRandom random) {
            double u = random.nextDouble();
            for (int i = 0; i < values.length; i++) {
                u -= probabilities[i];
                if (u < 0) return values[i];
            }
            for (int i = values.length - 1; i > 0; i--) if (probabilities[i] > 0) return values[i];
            return values[0];
        }
    }

    /** Checks a written reward: finite numbers, a positive std, an ordered range, probabilities summing to 1. */
    static RewardDistribution of(Decl.Reward written) {
        if (written instanceof Decl.Reward.Fixed fixed) {
            finite(fixed.value(), written);
            return new Fixed(fixed.value());
        }
        if (written instanceof Decl.Reward.Drawn drawn) {
            finite(drawn.first(), written);
            finite(drawn.second(), written);
            switch (drawn.distribution().text()) {
                case "normal":
                    if (!(drawn.second() > 0)) {
                        throw new CheckError(written.span(), "a normal reward's std must be positive, got " + drawn.second());
                    }
                    return new Normal(drawn.first(), drawn.second());
                case "uniform":
                    if (!(drawn.first() < drawn.second())) {
                        throw new CheckError(written.span(), "uniform(low, high) needs low < high, got " + drawn.first()
                                + " and " + drawn.second());
                    }
                    return new Uniform(drawn.first(), drawn.second());
                default:
                    throw new CheckError(drawn.distribution().span(), "unknown reward distribution '"
                            + drawn.distribution().text() + "'; a reward is a number, normal(mean, std), "
                            + "uniform(low, high) or {value: probability, ...}"
                            + Suggestions.didYouMean(drawn.distribution().text(), List.of("normal", "uniform")));
            }
        }
        Decl.Reward.Discrete discrete = (Decl.Reward.Discrete) written;
        double[] values = new double[discrete.values().size()];
        double[] probabilities = new double[values.length];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = discrete.values().get(i);
            probabilities[i] = discrete.probabilities().get(i);
            finite(values[i], written);
            if (!(probabilities[i] >= 0)) {
                throw new CheckError(written.span(), "negative probability " + probabilities[i] + " for reward " + values[i]);
            }
            total += probabilities[i];
        }
        if (Math.abs(total - 1) > MdpReader.PROBABILITY_TOLERANCE) {
            throw new CheckError(written.span(), "the probabilities of the reward sum to " + total + ", not 1");
        }
        return new Discrete(values, probabilities);
    }

    private static void finite(double value, Decl.Reward written) {
        if (!Double.isFinite(value)) throw new CheckError(written.span(), "a reward must be finite, got " + value);
    }
}
