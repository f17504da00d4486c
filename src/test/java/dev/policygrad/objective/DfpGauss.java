package dev.policygrad.objective;

import org.apache.commons.math3.dfp.Dfp;

/**
 * The tests' high-precision linear solve: Gaussian elimination with partial pivoting in Dfp, the
 * independent reference for the solves in doubles.
 */
final class DfpGauss {

    private DfpGauss() {}

    /** x with matrix x = b, neither argument changed. */
    static Dfp[] solve(Dfp[][] matrix, Dfp[] b) {
        int n = b.length;
        Dfp[][] a = new Dfp[n][];
        for (int i = 0; i < n; i++) a[i] = matrix[i].clone();
        Dfp[] x = b.clone();
        for (int k = 0; k < n; k++) {
            int best = k;
            for (int i = k + 1; i < n; i++) if (a[i][k].abs().greaterThan(a[best][k].abs())) best = i;
            Dfp[] row = a[k];
            a[k] = a[best];
            a[best] = row;
            Dfp t = x[k];
            x[k] = x[best];
            x[best] = t;
            for (int i = k + 1; i < n; i++) {
                Dfp l = a[i][k].divide(a[k][k]);
                for (int j = k; j < n; j++) a[i][j] = a[i][j].subtract(l.multiply(a[k][j]));
                x[i] = x[i].subtract(l.multiply(x[k]));
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            for (int j = k + 1; j < n; j++) x[k] = x[k].subtract(a[k][j].multiply(x[j]));
            x[k] = x[k].divide(a[k][k]);
        }
        return x;
    }
}
