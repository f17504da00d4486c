package dev.policygrad.estimate;

import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The rows behind {@link PairedEstimates}' moments: episode by episode, the candidate's estimate g_i and
 * (with a reference) the difference g_i - r_i, rounding counted as 0 as there ({@link PairedEstimates#ROUNDING}).
 * The moments suffice for the T^2 test; its bootstrap calibration ({@code verify.BootstrapCalibration})
 * resamples episodes and needs the rows themselves, so they are kept only on demand, within
 * {@link #BUDGET} doubles, by replaying the batch ({@link #replay}: episode i comes from (seed, i), so the
 * replay plays the same episodes) or while rows from elsewhere are read ({@link Collector}).
 *
 * @param parameters  P, the entries of a row
 * @param candidate   N rows of g, row-major (N x P)
 * @param difference  N rows of g - r, row-major, or null without a reference
 */
public record PairedRows(int parameters, double[] candidate, double[] difference) implements Serializable {

    /**
     * The most doubles kept for the rows of one verification (both kinds together): 2^23, 64 MiB. A batch
     * past it is tested on its moments alone.
     */
    public static final long BUDGET = 1L << 23;

    /** {@code the rows of its 1450000 episodes pass the 8388608 values (64 MiB) kept for a bootstrap}. */
    public static String pastBudget(long episodes) {
        return "the rows of its " + episodes + " episodes pass the " + BUDGET + " values (" + (BUDGET * Double.BYTES >> 20)
                + " MiB) kept for a bootstrap";
    }

    /** N, the rows kept. */
    public int episodes() {
        return parameters == 0 ? 0 : candidate.length / parameters;
    }

    /** Whether the rows of {@code episodes} episodes of {@code parameters} entries, paired or not, fit {@link #BUDGET}. */
    public static boolean fits(long episodes, int parameters, boolean paired) {
        return fits(episodes, parameters, paired, BUDGET);
    }

    private static boolean fits(long episodes, int parameters, boolean paired, long budget) {
        return episodes * parameters * (paired ? 2 : 1) <= budget;
    }

    /**
     * Plays {@code batch} again on {@code engine} with the estimators of its first pass and returns every
     * episode's rows, in episode order (the same on every engine and thread count). The caller checks
     * {@link #fits} first.
     */
    public static PairedRows replay(RolloutEngine engine, Task task, double[] theta, Batch batch,
            PairedTally.Estimators estimators) {
        int p = theta.length;
        boolean paired = estimators.referenceLabel() != null;
        if (!fits(batch.episodes(), p, paired)) {
            throw new IllegalArgumentException(batch.episodes() + " episodes of " + p + " entries pass the rows' budget");
        }
        Block all = engine.run(new RolloutJob<>(task, theta, batch.seed(), batch.episodes(), new Replay(estimators, p,
                BUDGET)), null);
        return all.rows();
    }

    /**
     * One chunk's rows, merged with the next chunk's by concatenation (chunk order is episode order). Its
     * arrays grow by doubling, but never past what {@code budget} doubles allow each of them, so the rows
     * that fit the budget never take more than it.
     */
    static final class Block implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int parameters;
        private final boolean paired;
        private final int most;
        private double[] candidate;
        private double[] difference;
        private int rows;

        Block(int parameters, boolean paired, long budget) {
            this.parameters = parameters;
            this.paired = paired;
            this.most = (int) Math.min(Integer.MAX_VALUE - 8, paired ? budget / 2 : budget);
            this.candidate = new double[Math.min(Math.max(parameters, 1) * 16, Math.max(most, parameters))];
            this.difference = paired ? new double[candidate.length] : null;
        }

        /** The doubles its arrays hold, used or not. */
        long capacity() {
            return (long) candidate.length * (paired ? 2 : 1);
        }

        void add(double[] g, double[] d) {
            int at = rows * parameters;
            if (at + parameters > candidate.length) grow(at + parameters);
            System.arraycopy(g, 0, candidate, at, parameters);
            if (paired) System.arraycopy(d, 0, difference, at, parameters);
            rows++;
        }

        private void grow(int needed) {
            int size = Math.max(needed, (int) Math.min(most, candidate.length * 2L));
            candidate = Arrays.copyOf(candidate, size);
            if (paired) difference = Arrays.copyOf(difference, size);
        }

        Block append(Block next) {
            int at = rows * parameters;
            int more = next.rows * parameters;
            if (at + more > candidate.length) grow(at + more);
            System.arraycopy(next.candidate, 0, candidate, at, more);
            if (paired) System.arraycopy(next.difference, 0, difference, at, more);
            rows += next.rows;
            return this;
        }

        PairedRows rows() {
            int n = rows * parameters;
            return new PairedRows(parameters, Arrays.copyOf(candidate, n), paired ? Arrays.copyOf(difference, n) : null);
        }
    }

    /** The replay as a rollout tally: the same estimators as {@link PairedTally}, rows instead of moments. */
    private static final class Replay implements Tally<Block> {
        private static final long serialVersionUID = 1L;
        private final PairedTally.Estimators estimators;
        private final int parameters;
        private final long budget;

        Replay(PairedTally.Estimators estimators, int parameters, long budget) {
            this.estimators = estimators;
            this.parameters = parameters;
            this.budget = budget;
        }

        @Override
        public Block start() {
            return new Block(parameters, estimators.referenceLabel() != null, budget);
        }

        @Override
        public void add(long index, Worker worker, Block block) {
            EpisodeRecord episode = EpisodeSampler.record(index, worker);
            double[] g = new double[parameters];
            estimators.candidate(worker).estimate(episode, g);
            double[] d = null;
            GradientEstimator reference = estimators.reference(worker);
            if (reference != null) {
                double[] r = new double[parameters];
                reference.estimate(episode, r);
                d = new double[parameters];
                PairedEstimates.difference(g, r, d);
            }
            block.add(g, d);
        }

        @Override
        public boolean readsScores() {
            return false;
        }

        @Override
        public Block merge(Block total, Block next) {
            return total.append(next);
        }
    }

    /**
     * Rows given one at a time (estimates read from a file), kept while they fit {@link #BUDGET}; past it
     * they are dropped, with the memory they took, and {@link #rows()} is null.
     */
    public static final class Collector {
        private final long budget;
        private Block block;

        public Collector(int parameters, boolean paired) {
            this(parameters, paired, BUDGET);
        }

        /** Rows kept within {@code budget} doubles. */
        Collector(int parameters, boolean paired, long budget) {
            this.budget = budget;
            this.block = new Block(parameters, paired, budget);
        }

        /** Adds the next row: the candidate's {@code g} and (paired) the reference's {@code r} on the same episode. */
        public void add(double[] g, double[] r) {
            if (block == null) return;
            if (!fits(block.rows + 1L, block.parameters, block.paired, budget)) {
                block = null;
                return;
            }
            double[] d = null;
            if (r != null) {
                d = new double[g.length];
                PairedEstimates.difference(g, r, d);
            }
            block.add(g, d);
        }

        /** The rows added, or null when they passed the budget. */
        public PairedRows rows() {
            return block == null ? null : block.rows();
        }

        /** The doubles held for the rows: at most the budget, and none once the rows passed it. */
        long capacity() {
            return block == null ? 0 : block.capacity();
        }
    }
}
