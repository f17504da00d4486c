package dev.policygrad.train;

import java.util.List;

/**
 * A run in progress: theta after {@link #iteration()} updates, the optimizer in its state, and the
 * metric rows so far, in its {@link MetricLog} (in memory, or appended to a file). {@link Trainer}
 * advances it; {@link Checkpoint} snapshots it.
 */
public final class TrainingRun {

    private final double[] theta;
    private Optimizer optimizer;
    private final MetricLog metrics;

    TrainingRun(double[] theta, Optimizer optimizer, MetricLog metrics) {
        this.theta = theta.clone();
        this.optimizer = optimizer;
        this.metrics = metrics;
    }

    /** Updates done so far; the next iteration is {@code iteration() + 1}. */
    public int iteration() {
        return metrics.size();
    }

    /** A copy of the current theta. */
    public double[] theta() {
        return theta.clone();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The rows so far, in iteration order, read back from the log (a copy). */
    public List<MetricRow> metrics() {
        return metrics.rows();
    }

    /** Where the rows go. */
    public MetricLog log() {
        return metrics;
    }

    /** The last row, or null before the first iteration. */
    public MetricRow last() {
        return metrics.last();
    }

    double[] thetaInPlace() {
        return theta;
    }

    /** Puts back the optimizer as it was before a step that failed. */
    void replaceOptimizer(Optimizer restored) {
        optimizer = restored;
    }

    void record(MetricRow row) {
        metrics.append(row);
    }
}
