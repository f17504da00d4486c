package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The leave-one-out mean baseline: for episode i at step t,
 * b_t = (sum_{j : T_j > t} G_j(tau_{t:T}) - G_i(tau_{t:T})) / (N_t - 1), where N_t counts the episodes
 * of the batch that last longer than t (episode i is one of them, since it is at step t). Episodes that
 * end before t are excluded; b_t = 0 when no other episode reaches t. It never uses episode i's own
 * returns, so it is independent of them (see {@link BaselineKind}).
 */
final class MeanBaseline implements StepBaseline {

    private static final long serialVersionUID = 1L;

    private final double[] sums;
    private final long[] counts;

    private MeanBaseline(double[] sums, long[] counts) {
        this.sums = sums;
        this.counts = counts;
    }

    /** Plays the batch once to collect per-step sums and counts of the returns-to-go. */
    static MeanBaseline fit(RolloutEngine engine, Task task, double[] theta, Batch batch, LongConsumer progress) {
        Sums total = engine.run(new RolloutJob<>(task, theta, batch.seed(), batch.episodes(), new Fit()), progress);
        return new MeanBaseline(Arrays.copyOf(total.sums, total.steps), Arrays.copyOf(total.counts, total.steps));
    }

    /** The fitting pass as a rollout tally. */
    private static final class Fit implements Tally<Sums> {
        private static final long serialVersionUID = 1L;

        /** Reads states and returns only: the engine skips the score sweeps. */
        @Override
        public boolean readsScores() {
            return false;
        }

        @Override
        public Sums start() {
            return new Sums();
        }

        @Override
        public void add(long index, Worker worker, Sums sums) {
            sums.add(worker.episode);
        }

        @Override
        public Sums merge(Sums total, Sums next) {
            total.add(next);
            return total;
        }
    }

    /**
     * The batch mean without leaving anything out, b_t = sum_j G_j(tau_{t:T}) / N_t: a fixed function of
     * t, for computing exactly that a fixed baseline leaves the expectation unchanged.
     */
    StepBaseline frozen() {
        double[] means = new double[sums.length];
        for (int t = 0; t < means.length; t++) means[t] = counts[t] > 0 ? sums[t] / counts[t] : 0;
        return (index, episode, out) -> {
            for (int t = 0; t < episode.length(); t++) out[t] = t < means.length ? means[t] : 0;
        };
    }

    @Override
    public void values(int index, Episode episode, double[] out) {
        double[] returnsToGo = episode.returnsToGo();
        for (int t = 0; t < episode.length(); t++) {
            long others = counts[t] - 1;
            out[t] = others > 0 ? (sums[t] - returnsToGo[t]) / others : 0;
        }
    }

    /** Per-step sums of returns-to-go and counts of episodes reaching the step. */
    private static final class Sums implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        double[] sums = new double[16];
        long[] counts = new long[16];
        int steps;

        void ensure(int n) {
            if (n > sums.length) {
                int capacity = Math.max(n, 2 * sums.length);
                sums = Arrays.copyOf(sums, capacity);
                counts = Arrays.copyOf(counts, capacity);
            }
            steps = Math.max(steps, n);
        }

        void add(Episode episode) {
            ensure(episode.length());
            double[] returnsToGo = episode.returnsToGo();
            for (int t = 0; t < episode.length(); t++) {
                sums[t] += returnsToGo[t];
                counts[t]++;
            }
        }

        void add(Sums other) {
            ensure(other.steps);
            for (int t = 0; t < other.steps; t++) {
                sums[t] += other.sums[t];
                counts[t] += other.counts[t];
            }
        }
    }
}
