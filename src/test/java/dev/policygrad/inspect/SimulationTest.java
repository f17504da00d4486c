package dev.policygrad.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of simulated episodes, against sums done by hand. */
class SimulationTest {

    private static Simulation.Episode returning(int index, double discountedReturn) {
        return new Simulation.Episode(index, List.of(), false, discountedReturn);
    }

    @Test
    void returnsNear1e200GiveAFiniteStandardError() {
        // mean 0; deviations +-1e200, whose squares pass the largest double: sqrt((2 * 1e400) / 1 / 2) = 1e200
        Simulation.Summary s = Simulation.summarize(List.of(returning(0, 1e200), returning(1, -1e200)));
        assertEquals(0, s.meanReturn());
        assertEquals(1e200, s.standardError(), 1e186);
        // and at ordinary sizes the same formula: returns 1, 2, 6: mean 3, squares 4 + 1 + 9 = 14, sqrt(14 / 2 / 3)
        Simulation.Summary t = Simulation.summarize(List.of(returning(0, 1), returning(1, 2), returning(2, 6)));
        assertEquals(3, t.meanReturn(), 1e-15);
        assertEquals(Math.sqrt(14.0 / 6), t.standardError(), 1e-15);
    }
}
