package dev.policygrad.train;

import dev.policygrad.estimate.EstimatorChoice;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a {@link TrainingRun} and the settings that produced it: enough to continue the
 * run so that it ends exactly as if it had never stopped ({@link Trainer#resume}).
 *
 * @param files         the program files' names, as given
 * @param iteration     updates done
 * @param seed          the run's seed; iteration k's batch is seeded with {@link Trainer#batchSeed}(seed, k)
 * @param estimator     the estimator's name as on the command line ({@code reward-to-go}, {@code gae}, or
 *                      the name of an {@code estimator} the program declares)
 * @param baseline      the baseline's label ({@code none})
 * @param lambda        GAE's lambda (1 for any other estimator)
 * @param critic        GAE's critic ({@code linear} for any other estimator)
 * @param exactGradient whether the run uses the exact gradient instead of the estimator
 * @param episodes      episodes per iteration
 * @param names         the flattened parameter names, in theta's order
 * @param theta         theta after {@code iteration} updates
 * @param blocks        the same theta by parameter block, in the {@code --params} format
 * @param optimizer     the optimizer's state
 * @param metrics       the rows of iterations 1..iteration: the first rows of the run's {@link MetricLog},
 *                      named rather than copied (a checkpoint's size does not grow with the run)
 */
public record Checkpoint(List<String> files, int iteration, long seed, String estimator, String baseline,
        double lambda, String critic, boolean exactGradient, int episodes, List<String> names, double[] theta,
        Map<String, Object> blocks, OptimizerState optimizer, MetricLog.Snapshot metrics) {

    public Checkpoint {
        files = List.copyOf(files);
        names = List.copyOf(names);
        theta = theta.clone();
        java.util.Objects.requireNonNull(metrics);
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    /** The settings of the run, to be continued on {@code threads} threads. */
    public TrainingSettings settings(int threads) {
        return new TrainingSettings(new EstimatorChoice(estimator, baseline, lambda, critic), exactGradient, episodes,
                seed, threads);
    }
}
