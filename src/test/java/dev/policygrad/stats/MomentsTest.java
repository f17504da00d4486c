package dev.policygrad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Welford updates and Chan merges against exact (BigDecimal) two-pass moments. */
class MomentsTest {

    private static final MathContext EXACT = MathContext.DECIMAL128;

    private static double[][] draws(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i][j] = 1e6 + (j + 1) * random.nextGaussian() + (j == 1 ? x[i][0] : 0);
        }
        return x;
    }

    /** The covariance by two passes in 34-digit decimal arithmetic. */
    private static double[][] exactCovariance(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        BigDecimal[] mean = new BigDecimal[d];
        for (int j = 0; j < d; j++) {
            BigDecimal sum = BigDecimal.ZERO;
            for (double[] row : x) sum = sum.add(new BigDecimal(row[j]), EXACT);
            mean[j] = sum.divide(BigDecimal.valueOf(n), EXACT);
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (double[] row : x) {
                    sum = sum.add(new BigDecimal(row[i]).subtract(mean[i], EXACT)
                            .multiply(new BigDecimal(row[j]).subtract(mean[j], EXACT), EXACT), EXACT);
                }
                c[i][j] = sum.divide(BigDecimal.valueOf(n - 1), EXACT).doubleValue();
            }
        }
        return c;
    }

    @Test
    void oneByOneMatchesExactTwoPassMomentsDespiteALargeOffset() {
        double[][] x = draws(2000, 3, 1);
        Moments m = new Moments(3, true);
        for (double[] row : x) m.add(row);
        double[][] exact = exactCovariance(x);
        double[][] c = m.covariance();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) assertEquals(exact[i][j], c[i][j], 1e-9 * Math.abs(exact[i][i]), i + "," + j);
        }
    }

    @Test
    void mergedChunksMatchExactMomentsAndTheDiagonalFormAgrees() {
        double[][] x = draws(1000, 2, 2);
        Moments total = new Moments(2, true);
        Moments diagonal = new Moments(2, false);
        int[] cuts = {0, 1, 7, 300, 301, 1000};
        for (int k = 0; k + 1 < cuts.length; k++) {
            Moments chunk = new Moments(2, true);
            Moments chunkDiagonal = new Moments(2, false);
            for (int i = cuts[k]; i < cuts[k + 1]; i++) {
                chunk.add(x[i]);
                chunkDiagonal.add(x[i]);
            }
            total.merge(chunk);
            diagonal.merge(chunkDiagonal);
        }
        double[][] exact = exactCovariance(x);
        assertEquals(1000, total.count());
        for (int i = 0; i < 2; i++) {
            assertEquals(exact[i][i], total.variance(i), 1e-9 * exact[i][i]);
            assertEquals(exact[i][i], diagonal.variance(i), 1e-9 * exact[i][i]);
        }
        assertEquals(exact[0][1], total.covariance()[0][1], 1e-9 * exact[0][0]);
        assertThrows(IllegalStateException.class, diagonal::covariance);
    }

    @Test
    void survivesSerializationBitForBit() throws Exception {
        EpisodeStatistics s = new EpisodeStatistics().vector("g", 3, true).vector("r", 1, false);
        for (double[] row : draws(50, 3, 3)) {
            s.get("g").add(row);
            s.get("r").add(row[0]);
            s.count("steps", 2);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertEquals(s, back);
        assertEquals(100, ((EpisodeStatistics) back).counter("steps"));
    }

    @Test
    void statisticsOfDifferentVectorsDoNotMerge() {
        EpisodeStatistics a = new EpisodeStatistics().vector("g", 2, true);
        EpisodeStatistics b = new EpisodeStatistics().vector("h", 2, true);
        assertThrows(IllegalArgumentException.class, () -> a.merge(b));
    }
}
