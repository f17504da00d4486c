package dev.policygrad.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.verify.EstimatorVerification;
import dev.policygrad.verify.Reference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows collected one at a time (estimates read from a file) stay within their budget: the arrays holding
 * them never pass it while they grow, and once the rows pass it they are dropped with their memory, and
 * a rejection says it rests on F because of it.
 */
class PairedRowsTest {

    private static final int P = 3;

    /** Row i of the candidate: (i, -i / 2, 0.25); of the reference: (i / 4, 1, 0). Exact in binary. */
    private static double[] g(int i) {
        return new double[] {i, -i / 2.0, 0.25};
    }

    private static double[] r(int i) {
        return new double[] {i / 4.0, 1, 0};
    }

    @Test
    void pairedRowsStayWithinTheirBudgetAndAreDroppedPastIt() {
        long budget = 600;  // 100 paired rows of 3
        PairedRows.Collector collector = new PairedRows.Collector(P, true, budget);
        for (int i = 0; i < 100; i++) {
            collector.add(g(i), r(i));
            assertTrue(collector.capacity() <= budget, "row " + i + ": " + collector.capacity() + " doubles held");
        }
        PairedRows rows = collector.rows();
        assertEquals(100, rows.episodes());
        for (int i = 0; i < 100; i++) {
            double[] d = {i - i / 4.0, -i / 2.0 - 1, 0.25};
            assertArrayEquals(g(i), java.util.Arrays.copyOfRange(rows.candidate(), i * P, i * P + P), "g of row " + i);
            assertArrayEquals(d, java.util.Arrays.copyOfRange(rows.difference(), i * P, i * P + P), "g - r of row " + i);
        }
        collector.add(g(100), r(100));
        assertNull(collector.rows());
        assertEquals(0, collector.capacity(), "the rows past the budget are let go");
        collector.add(g(101), r(101));
        assertNull(collector.rows());
    }

    @Test
    void unpairedRowsHaveTheWholeBudget() {
        long budget = 600;  // 200 rows of 3
        PairedRows.Collector collector = new PairedRows.Collector(P, false, budget);
        for (int i = 0; i < 200; i++) {
            collector.add(g(i), null);
            assertTrue(collector.capacity() <= budget, "row " + i + ": " + collector.capacity() + " doubles held");
        }
        assertEquals(200, collector.rows().episodes());
        assertNull(collector.rows().difference());
        collector.add(g(200), null);
        assertNull(collector.rows());
        assertEquals(0, collector.capacity());
    }

    /** The real budget, 2^23 doubles: growth by doubling stops at it rather than at the next power past it. */
    @Test
    void theArraysNeverPassTheRealBudget() {
        int parameters = 3 << 14;  // 16 rows to start with, doubled three times, is 0.75 of the budget
        PairedRows.Collector collector = new PairedRows.Collector(parameters, false);
        double[] row = new double[parameters];
        long rowsThatFit = PairedRows.BUDGET / parameters;
        for (long i = 0; i < rowsThatFit; i++) collector.add(row, null);
        assertEquals(rowsThatFit, collector.rows().episodes());
        assertEquals(PairedRows.BUDGET, collector.capacity(), "doubling once more would hold 1.5 times the budget");
        collector.add(row, null);
        assertEquals(0, collector.capacity());
    }

    /** A rejection whose rows passed the budget rests on F, and the report says why. */
    @Test
    void aRejectionPastTheBudgetSaysWhyItRestsOnF() {
        PairedEstimates.Running running = new PairedEstimates.Running("shifted", null, List.of("a", "b", "c"));
        for (int i = 0; i < 200; i++) {
            double x = i % 2 == 0 ? 1 : -1;
            running.add(new double[] {5 + x, 5 + (i % 5 - 2), 5 + (i % 3 - 1)}, null, 0, 0, false);
        }
        Reference zero = new Reference("exact zero", new double[P], 0);
        String reason = EstimatorVerification.sampled(running.result(), zero, 1e-3, () -> null).base().reason();
        assertTrue(reason.contains("p from the F distribution alone: " + PairedRows.pastBudget(200)), reason);
        assertTrue(reason.contains("pass the 8388608 values (64 MiB) kept for a bootstrap"), reason);
        String notGiven = EstimatorVerification.sampled(running.result(), zero, 1e-3).base().reason();
        assertTrue(notGiven.contains("p from the F distribution alone: the episodes' rows were not given"), notGiven);
    }
}
