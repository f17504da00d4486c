package dev.policygrad.train;

import dev.policygrad.diag.UsageError;

/**
 * A first-order method that moves theta uphill on J: {@link #step} is given an estimate of
 * grad J(theta) and changes theta in place. Gradient ascent, since J is a return to maximise.
 * An optimizer keeps whatever it needs between steps (Adam's moments), and {@link #state()} exposes
 * it so a checkpoint can restore the optimizer exactly ({@link #restore}).
 */
public interface Optimizer {

    /** The name used on the command line and in checkpoints: {@code sgd}, {@code adam}. */
    String kind();

    /** theta &lt;- theta + (the method's step along {@code gradient}), in place. */
    void step(double[] theta, double[] gradient);

    /** Everything needed to continue from here, as data. */
    OptimizerState state();

    /** A fresh optimizer called {@code kind} ({@code sgd} or {@code adam}) with default constants. */
    static Optimizer of(String kind, double learningRate) {
        switch (kind) {
            case "sgd": return new Sgd(learningRate);
            case "adam": return new Adam(learningRate);
            default: throw new UsageError("unknown optimizer '" + kind + "'; choose sgd or adam");
        }
    }

    /** The optimizer that {@code state} was taken from, in the same state. */
    static Optimizer restore(OptimizerState state) {
        switch (state.kind()) {
            case "sgd": return Sgd.restore(state);
            case "adam": return Adam.restore(state);
            default: throw new UsageError("unknown optimizer '" + state.kind() + "' in the checkpoint; expected sgd or adam");
        }
    }

    /** Rejects a learning rate that is not a positive finite number. */
    static double checkLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new UsageError("the learning rate must be a positive number, got " + learningRate);
        }
        return learningRate;
    }
}
