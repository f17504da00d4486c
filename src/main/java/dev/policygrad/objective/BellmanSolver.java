package dev.policygrad.objective;

/**
 * Solves the Bellman system (I - gamma P_pi) v = r and its transpose (I - gamma P_pi)^T d = mu
 * without subtracting nearly equal numbers, so that both keep their relative accuracy when the
 * system is nearly singular (a policy that almost never leaves a loop: the short corridor at
 * theta = (25, 0), where the only way out has probability 1e-11, has a condition number of about
 * 1e11, and LU loses five digits there).
 *
 * <p>The matrix A = I - gamma P_pi is an M-matrix: off-diagonal entries -N_ij &lt;= 0 and row sums
 * e_i = (1 - gamma) + gamma * (the probability of leaving the system from i) &gt;= 0. It is given by
 * N and e, never by its diagonal, and eliminated as in the GTH algorithm (Grassmann, Taksar and
 * Heyman 1985; O'Cinneide 1993 proves its entrywise relative accuracy): at step k, the rows below
 * take {@code row_i += (N_ik / a_kk) row_k}, which only adds non-negative numbers to N and to the
 * exits ({@code e_i += (N_ik / a_kk) e_k}), and the pivot is recomputed from what remains,
 * {@code a_kk = e_k + sum_{j > k} N_kj}, never as {@code a_kk - N_ki N_ik / a_kk}. The visitation d
 * (from mu &gt;= 0) is then computed with additions of non-negative numbers only; v is as accurate as
 * the signs of r allow (exactly so when every reward has one sign).
 *
 * <p>Work: rows are dense, but an elimination step touches only the rows with a non-zero in column
 * k and the columns with a non-zero in row k, so a sparse system (a chain, a grid) costs far less
 * than the m^3 / 3 of a dense factorization.
 */
final class BellmanSolver {

    private final int m;
    private final double[][] a; // upper part: N_kj (j > k); lower part: the multipliers l_ik = N_ik / a_kk
    private final double[] pivot;
    private final int[][] upper; // per row k, the columns j > k with N_kj != 0 after elimination
    private final int[][] lower; // per column k, the rows i > k with a multiplier

    /**
     * @param n    N_ij &gt;= 0 for i != j (the diagonal is ignored): gamma times the probability of going from i to j
     * @param exit e_i &gt;= 0: the row sums of I - gamma P_pi, computed from the probabilities of leaving
     */
    BellmanSolver(double[][] n, double[] exit) {
        this.m = exit.length;
        this.a = new double[m][];
        for (int i = 0; i < m; i++) a[i] = n[i].clone();
        double[] e = exit.clone();
        this.pivot = new double[m];
        this.upper = new int[m][];
        this.lower = new int[m][];
        int[] columns = new int[m], rows = new int[m];
        for (int k = 0; k < m; k++) {
            double[] row = a[k];
            int nc = 0;
            double p = e[k];
            for (int j = k + 1; j < m; j++) {
                if (row[j] != 0) {
                    columns[nc++] = j;
                    p += row[j];
                }
            }
            pivot[k] = p;
            upper[k] = java.util.Arrays.copyOf(columns, nc);
            int nr = 0;
            for (int i = k + 1; i < m; i++) if (a[i][k] != 0) rows[nr++] = i;
            lower[k] = java.util.Arrays.copyOf(rows, nr);
            if (nr > 0 && !(p > 0)) continue; // singular: reported by solve
            for (int r = 0; r < nr; r++) {
                int i = rows[r];
                double l = a[i][k] / p;
                a[i][k] = l;
                double[] target = a[i];
                for (int c = 0; c < nc; c++) {
                    int j = columns[c];
                    if (j != i) target[j] += l * row[j];
                }
                e[i] += l * e[k];
            }
        }
    }

    /** Whether every pivot is positive, so the system has one solution. */
    boolean nonSingular() {
        for (double p : pivot) if (!(p > 0) || Double.isInfinite(p)) return false;
        return true;
    }

    /** v with (I - gamma P_pi) v = r. */
    double[] solve(double[] r) {
        double[] x = r.clone();
        for (int k = 0; k < m; k++) {
            for (int i : lower[k]) x[i] += a[i][k] * x[k];
        }
        for (int k = m - 1; k >= 0; k--) {
            double s = x[k];
            for (int j : upper[k]) s += a[k][j] * x[j];
            x[k] = s / pivot[k];
        }
        return x;
    }

    /** d with (I - gamma P_pi)^T d = mu. */
    double[] solveTransposed(double[] mu) {
        // A = L U with U_kk = pivot, U_kj = -N_kj, L_ik = -l_ik: solve U^T y = mu, then L^T d = y
        double[] y = new double[m];
        double[] pending = mu.clone();
        for (int k = 0; k < m; k++) {
            y[k] = pending[k] / pivot[k];
            for (int j : upper[k]) pending[j] += a[k][j] * y[k];
        }
        double[] d = y;
        for (int k = m - 1; k >= 0; k--) {
            double s = d[k];
            for (int i : lower[k]) s += a[i][k] * d[i];
            d[k] = s;
        }
        return d;
    }
}
