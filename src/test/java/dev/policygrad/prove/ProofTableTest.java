package dev.policygrad.prove;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text rendering: numbers, vectors and the verdict line. */
class ProofTableTest {

    @Test
    void numbers() {
        assertEquals("0", ProofTable.number(0));
        assertEquals("-3.875", ProofTable.number(-3.875));
        assertEquals("0.673119", ProofTable.number(0.67311912345));
        assertEquals("2.08302e-17", ProofTable.number(2.083021e-17));
        assertEquals("1e-05", ProofTable.number(1e-5));
    }

    @Test
    void vectorsWrapAfterFourComponents() {
        assertArrayEquals(new String[] {"(1, 2)"}, ProofTable.vector(new double[] {1, 2}));
        assertArrayEquals(new String[] {"(1, 2, 3, 4,", " 5)"}, ProofTable.vector(new double[] {1, 2, 3, 4, 5}));
        assertArrayEquals(new String[] {"7"}, ProofTable.vector(new double[] {7}));
    }

    @Test
    void corridorTable() {
        String text = ProofTable.render(Proofs.ofFolder("corridor-horizon").prove());
        assertTrue(text.startsWith("mdp short_corridor, policy pi: gamma 1, horizon 4, 15 trajectories, J = -3.875\n"),
                text);
        assertTrue(text.contains("\n(1)=(5)            dJ/dtheta = E_tau[ d/dtheta log p_theta(tau) G(tau) ]"), text);
        assertTrue(text.contains("every claim holds (20)"), text);
    }
}
