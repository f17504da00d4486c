package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Estimate;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * A sampled reference's standard errors enter Hotelling's T^2 component by component: with d = g_bar - r,
 * T^2 = d^T (S / N + diag(sigma_i^2))^{-1} d, computed here by hand from the rows (two-pass mean and
 * covariance, an LU inverse) and compared with {@link SubspaceHotelling}; an exact reference adds
 * nothing. The p-value is the F tail computed directly, checked against the closed form for d1 = 2.
 */
class ReferenceVarianceTest {

    private static final List<String> NAMES = List.of("a", "b", "c");

    /** Rows of three correlated components, the third one 0 in every row when {@code constantLast}. */
    private static double[][] rows(int n, boolean constantLast) {
        Random random = new Random(5);
        double[][] rows = new double[n][3];
        for (double[] row : rows) {
            double u = random.nextGaussian();
            double v = random.nextGaussian();
            double w = random.nextGaussian();
            row[0] = 1 + u;
            row[1] = -0.5 + 0.6 * u + 0.3 * v;
            row[2] = constantLast ? 0 : 0.2 + 2 * w - 0.4 * u;
        }
        return rows;
    }

    /** d^T (S / N + diag(sigma^2))^{-1} d over the first {@code k} components, from the rows directly. */
    private static double byHand(double[][] rows, double[] r, double[] sigma, int k) {
        int n = rows.length;
        double[] mean = new double[k];
        for (double[] row : rows) for (int i = 0; i < k; i++) mean[i] += row[i] / n;
        RealMatrix c = new Array2DRowRealMatrix(k, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (double[] row : rows) s += (row[i] - mean[i]) * (row[j] - mean[j]);
                c.setEntry(i, j, s / (n - 1) / n + (i == j ? sigma[i] * sigma[i] : 0));
            }
        }
        RealVector d = new ArrayRealVector(k);
        for (int i = 0; i < k; i++) d.setEntry(i, mean[i] - r[i]);
        return d.dotProduct(new LUDecomposition(c).getSolver().getInverse().operate(d));
    }

    private static Estimate estimate(double[][] rows) {
        return Estimate.of("rows", "none", NAMES, rows, 0, 0, 0, 0);
    }

    @Test
    void eachComponentsReferenceVarianceEntersTheStatistic() {
        double[][] rows = rows(400, false);
        double[] r = {0.9, -0.45, 0.3};
        double[] sigma = {0.02, 0.005, 0.1};
        Reference sampled = Reference.sampled("sampled", r, sigma, "", "");
        SubspaceHotelling.Result h = SubspaceHotelling.test(estimate(rows), sampled);
        double expected = byHand(rows, r, sigma, 3);
        assertEquals(3, h.dimensions());
        assertEquals(expected, h.statistic(), 1e-9 * expected);
        // not the old bound sigma_max^2 I, which inflates every direction by the noisiest component
        double bounded = byHand(rows, r, new double[] {0.1, 0.1, 0.1}, 3);
        assertTrue(Math.abs(bounded - expected) > 0.05 * expected, bounded + " vs " + expected);
        // an exact reference adds nothing: N d^T S^{-1} d
        double exact = byHand(rows, r, new double[3], 3);
        assertEquals(exact, SubspaceHotelling.test(estimate(rows), new Reference("exact", r, 0)).statistic(),
                1e-9 * exact);
    }

    @Test
    void aConstantComponentIsLeftToTheNullDirectionCheck() {
        double[][] rows = rows(300, true);
        double[] r = {0.95, -0.5, 0.0};
        double[] sigma = {0.03, 0.01, 0.002};
        SubspaceHotelling.Result h = SubspaceHotelling.test(estimate(rows), Reference.sampled("s", r, sigma, "", ""));
        assertEquals(2, h.dimensions());
        double expected = byHand(rows, r, sigma, 2);
        assertEquals(expected, h.statistic(), 1e-9 * expected);
        assertTrue(h.nullDirectionsAgree());
        // the constant component off by 20 of the reference's standard errors there is caught
        double[] off = {0.95, -0.5, 0.04};
        assertTrue(!SubspaceHotelling.test(estimate(rows), Reference.sampled("s", off, sigma, "", ""))
                .nullDirectionsAgree());
    }

    @Test
    void theFTailKeepsItsDigitsFarBelowTheRoundingOfOneMinusTheCdf() {
        // P(F(2, m) >= f) = (1 + 2 f / m)^(-m / 2) exactly
        int m = 500;
        for (double f : new double[] {0.3, 2, 10, 40, 200, 2000}) {
            double closed = Math.exp(-m / 2.0 * Math.log1p(2 * f / m));
            assertEquals(closed, SubspaceHotelling.upperTail(2, m, f), 1e-10 * closed, "f = " + f);
        }
        assertTrue(SubspaceHotelling.upperTail(2, m, 2000) < 1e-200);
        // underflow prints an honest bound, not p = 0.00
        SubspaceHotelling.Result tiny = new SubspaceHotelling.Result(1e5, 3, SubspaceHotelling.upperTail(3, 2000, 1e5), 0, 2003);
        assertEquals(0.0, tiny.pValue());
        assertTrue(tiny.describe(5e-4).endsWith("p < 1e-300 < 0.000500"), tiny.describe(5e-4));
        SubspaceHotelling.Result some = new SubspaceHotelling.Result(3.6, 3, 0.3, 0, 1000);
        assertEquals("T^2 = 3.600 on 3 varying directions: p = 0.300 >= 0.000500", some.describe(5e-4));
    }
}
