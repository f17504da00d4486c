package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import java.io.Serializable;
import java.util.function.LongConsumer;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A linear state value b(s) = w . [s, 1], cross-fitted: the batch is split into K folds (episode i is
 * in fold i mod K); episode i's baseline uses the least-squares fit of G(tau_{t:T}) on [s_t, 1] over
 * every step of the episodes in the other folds, so it never sees episode i (see {@link BaselineKind}).
 *
 * <p>The fit solves the normal equations (X^T X) w = X^T y with the pseudo-inverse, because features
 * are often collinear (a one-hot observation plus the constant column).
 */
final class ValueBaseline implements StepBaseline {

    private static final long serialVersionUID = 1L;

    /** Folds of the cross-fit. */
    static final int FOLDS = 5;

    /** Eigenvalues of X^T X below this fraction of the largest count as zero in the pseudo-inverse. */
    private static final double CUTOFF = 1e-10;

    private final double[][] weights;
    private final double[] pooled;

    private ValueBaseline(double[][] weights, double[] pooled) {
        this.weights = weights;
        this.pooled = pooled;
    }

    /** Plays the batch once to collect per-fold normal equations, then solves them leaving each fold out. */
    static ValueBaseline fit(RolloutEngine engine, Task task, double[] theta, Batch batch, LongConsumer progress) {
        int m = task.environment().observationSize() + 1;
        Normal[] total = engine.run(new RolloutJob<>(task, theta, batch.seed(), batch.episodes(), new Fit(m)), progress)
                .folds;
        double[][] weights = new double[FOLDS][];
        for (int f = 0; f < FOLDS; f++) {
            Normal others = new Normal(m);
            for (int g = 0; g < FOLDS; g++) if (g != f) others.add(total[g]);
            weights[f] = others.solve();
        }
        Normal all = new Normal(m);
        for (int g = 0; g < FOLDS; g++) all.add(total[g]);
        return new ValueBaseline(weights, all.solve());
    }

    /** Per-fold normal equations of a chunk of episodes. */
    private static final class Folds implements Serializable {
        private static final long serialVersionUID = 1L;
        final Normal[] folds = new Normal[FOLDS];

        Folds(int m) {
            for (int f = 0; f < FOLDS; f++) folds[f] = new Normal(m);
        }
    }

    /** The fitting pass as a rollout tally: episode i adds its steps to fold i mod K. */
    private record Fit(int m) implements Tally<Folds> {
        private static final long serialVersionUID = 1L;

        /** Reads states and returns only: the engine skips the score sweeps. */
        @Override
        public boolean readsScores() {
            return false;
        }

        @Override
        public Folds start() {
            return new Folds(m);
        }

        @Override
        public void add(long index, Worker worker, Folds folds) {
            folds.folds[(int) (index % FOLDS)].add(worker.episode);
        }

        @Override
        public Folds merge(Folds total, Folds next) {
            for (int f = 0; f < FOLDS; f++) total.folds[f].add(next.folds[f]);
            return total;
        }
    }

    /** The fitted w used for episodes of fold {@code fold}. */
    double[] weights(int fold) {
        return weights[fold].clone();
    }

    /** w of the fit on every fold. */
    double[] pooledWeights() {
        return pooled.clone();
    }

    /** The fit on every fold, as a fixed b(s) = w . [s, 1] (for the exact expectation). */
    StepBaseline frozen() {
        return StepBaseline.linear(pooled);
    }

    @Override
    public void values(int index, Episode episode, double[] out) {
        double[] w = weights[index % FOLDS];
        int d = episode.observationSize();
        double[] observations = episode.observations();
        for (int t = 0; t < episode.length(); t++) {
            double b = w[d];
            for (int j = 0; j < d; j++) b += w[j] * observations[t * d + j];
            out[t] = b;
        }
    }

    /** The normal equations X^T X and X^T y of a least-squares fit on rows x = [s, 1]. */
    private static final class Normal implements Serializable {
        private static final long serialVersionUID = 1L;
        final int m;
        final double[] xtx;
        final double[] xty;

        Normal(int m) {
            this.m = m;
            this.xtx = new double[m * m];
            this.xty = new double[m];
        }

        void add(Episode episode) {
            int d = m - 1;
            double[] observations = episode.observations();
            double[] returnsToGo = episode.returnsToGo();
            for (int t = 0; t < episode.length(); t++) {
                int row = t * d;
                for (int i = 0; i < m; i++) {
                    double xi = i < d ? observations[row + i] : 1;
                    xty[i] += xi * returnsToGo[t];
                    for (int j = 0; j < m; j++) xtx[i * m + j] += xi * (j < d ? observations[row + j] : 1);
                }
            }
        }

        void add(Normal other) {
            for (int k = 0; k < xtx.length; k++) xtx[k] += other.xtx[k];
            for (int k = 0; k < m; k++) xty[k] += other.xty[k];
        }

        double[] solve() {
            double[] w = new double[m];
            if (xtx[m * m - 1] == 0) return w;  // no steps: b = 0
            RealMatrix a = MatrixUtils.createRealMatrix(m, m);
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) a.setEntry(i, j, xtx[i * m + j]);
            EigenDecomposition eigen = new EigenDecomposition(a);
            double[] lambda = eigen.getRealEigenvalues();
            double max = 0;
            for (double l : lambda) max = Math.max(max, Math.abs(l));
            for (int k = 0; k < m; k++) {
                if (lambda[k] <= CUTOFF * max) continue;
                double[] v = eigen.getEigenvector(k).toArray();
                double projection = 0;
                for (int i = 0; i < m; i++) projection += v[i] * xty[i];
                for (int i = 0; i < m; i++) w[i] += v[i] * projection / lambda[k];
            }
            return w;
        }
    }
}
