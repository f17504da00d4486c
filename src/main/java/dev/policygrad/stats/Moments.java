package dev.policygrad.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable sufficient statistics of a stream of d-vectors x_1 .. x_n: the count n, the mean
 * x_bar and the centred co-moments M = sum_i (x_i - x_bar)(x_i - x_bar)^T (full, or only its
 * diagonal when the covariance is not wanted). Memory is O(d^2) (or O(d)), whatever n.
 *
 * <p>One observation updates by Welford's recurrence (delta = x - x_bar; x_bar += delta / n;
 * M += (n - 1)/n delta delta^T); two summaries A and B merge by the pairwise formula of Chan, Golub and
 * LeVeque (1979): with delta = x_bar_B - x_bar_A and n = n_A + n_B,
 * x_bar = x_bar_A + delta n_B / n and M = M_A + M_B + delta delta^T n_A n_B / n. Both keep the
 * centred form, so variances do not suffer the cancellation of sum x^2 - n x_bar^2. Floating-point
 * merging is not associative bit for bit: callers that promise identical results merge in a fixed
 * order (see {@link dev.policygrad.rollout.Rollouts}).
 */
public final class Moments implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    private final boolean full;
    private long count;
    private final double[] mean;
    /** Full: row-major d x d, lower triangle (i >= j) kept; diagonal only: d entries. */
    private final double[] comoments;
    private final double[] delta;

    /**
     * @param full whether to keep every co-moment (for a covariance matrix) or only the diagonal
     *             (for variances)
     */
    public Moments(int dimension, boolean full) {
        if (dimension < 0) throw new IllegalArgumentException("negative dimension " + dimension);
        this.dimension = dimension;
        this.full = full;
        this.mean = new double[dimension];
        this.comoments = new double[full ? dimension * dimension : dimension];
        this.delta = new double[dimension];
    }

    public int dimension() {
        return dimension;
    }

    public boolean full() {
        return full;
    }

    public long count() {
        return count;
    }

    /**
     * A scalar summary given by its count, mean and sample variance (divisor n - 1), for statistics
     * computed elsewhere.
     */
    public static Moments scalar(long count, double mean, double variance) {
        Moments m = new Moments(1, false);
        m.count = count;
        m.mean[0] = mean;
        m.comoments[0] = count > 1 ? variance * (count - 1) : 0;
        return m;
    }

    /** Adds one observation x (of length {@link #dimension()}). */
    public void add(double[] x) {
        count++;
        double inverse = 1.0 / count;
        double shrink = (count - 1) * inverse;
        int d = dimension;
        for (int i = 0; i < d; i++) {
            double di = x[i] - mean[i];
            delta[i] = di;
            mean[i] += di * inverse;
        }
        if (full) {
            for (int i = 0; i < d; i++) {
                double di = delta[i] * shrink;
                if (di == 0) continue;
                int row = i * d;
                for (int j = 0; j <= i; j++) comoments[row + j] += di * delta[j];
            }
        } else {
            for (int i = 0; i < d; i++) comoments[i] += shrink * delta[i] * delta[i];
        }
    }

    /** Adds one scalar observation (dimension 1). */
    public void add(double x) {
        if (dimension != 1) throw new IllegalStateException("add(double) needs dimension 1, have " + dimension);
        count++;
        double di = x - mean[0];
        mean[0] += di / count;
        comoments[0] += (count - 1) * di * di / count;
    }

    /** Merges {@code other} (summarizing observations that come after this one's) into this. */
    public void merge(Moments other) {
        if (other.dimension != dimension || other.full != full) {
            throw new IllegalArgumentException("cannot merge moments of different shapes");
        }
        if (other.count == 0) return;
        if (count == 0) {
            count = other.count;
            System.arraycopy(other.mean, 0, mean, 0, dimension);
            System.arraycopy(other.comoments, 0, comoments, 0, comoments.length);
            return;
        }
        double na = count;
        double nb = other.count;
        double n = na + nb;
        double weight = na * nb / n;
        int d = dimension;
        for (int i = 0; i < d; i++) delta[i] = other.mean[i] - mean[i];
        if (full) {
            for (int i = 0; i < d; i++) {
                int row = i * d;
                double di = delta[i] * weight;
                for (int j = 0; j <= i; j++) comoments[row + j] += other.comoments[row + j] + di * delta[j];
            }
        } else {
            for (int i = 0; i < d; i++) comoments[i] += other.comoments[i] + weight * delta[i] * delta[i];
        }
        for (int i = 0; i < d; i++) mean[i] += delta[i] * (nb / n);
        count += other.count;
    }

    /** x_bar (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** x_bar of the first (or only) component. */
    public double mean(int i) {
        return mean[i];
    }

    /** The sample variance of each component, M_ii / (n - 1); NaN when n &lt; 2. */
    public double[] variance() {
        double[] v = new double[dimension];
        for (int i = 0; i < dimension; i++) v[i] = variance(i);
        return v;
    }

    public double variance(int i) {
        if (count < 2) return Double.NaN;
        return (full ? comoments[i * dimension + i] : comoments[i]) / (count - 1);
    }

    /** The d x d sample covariance M / (n - 1); needs the full co-moments. */
    public double[][] covariance() {
        if (!full) throw new IllegalStateException("these moments keep only variances, not the covariance");
        int d = dimension;
        double[][] c = new double[d][d];
        double divisor = count - 1;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                c[i][j] = comoments[i * d + j] / divisor;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    /** A copy, to merge into without changing this one. */
    public Moments copy() {
        Moments m = new Moments(dimension, full);
        m.merge(this);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Moments m && m.dimension == dimension && m.full == full && m.count == count
                && Arrays.equals(m.mean, mean) && Arrays.equals(m.comoments, comoments);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(mean);
    }
}
