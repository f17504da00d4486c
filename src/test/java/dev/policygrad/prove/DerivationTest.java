package dev.policygrad.prove;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.UsageError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The derivation on the shipped proofs/ examples, and inputs that break it on purpose. */
class DerivationTest {

    private static final String TWO_STEPS = """
            mdp two_steps {
              gamma %s
              horizon %d
              start A
              terminal T
              A right -> B reward 1
              A left  -> A reward 0
              B right -> T reward 2
              B left  -> A reward 0
            }
            """;

    private static final String SOFTMAX = """
            action a in {right, left}
            param theta[2] = [0.3, -0.2]
            policy pi(a | s) = categorical(logits = theta)
            """;

    /**
     * Horizon 4 at pi(right) = 1/2: G is reached after 3 steps with probability 1/8 and after 4 with
     * probability 1/16, else the episode is cut at 4, so J = -(3/8 + 4 * 7/8) = -3.875.
     */
    @Test
    void corridorWithHorizonHolds() {
        DerivationReport report = Proofs.ofFolder("corridor-horizon").prove();
        assertTrue(report.holds(), report.failures().toString());
        assertEquals(-3.875, report.objective(), 1e-12);
        assertEquals(15, report.trajectoryCount());
        assertEquals(Claim.Relation.EQUAL, report.claim("gamma^t").relation());
        assertArrayEquals(new double[] {-3.875}, report.claims().get(1).lhs(), 1e-12);
    }

    @Test
    void noisyChainHoldsAndTheGammaNoteBites() {
        DerivationReport report = Proofs.ofFolder("noisy-chain").prove();
        assertTrue(report.holds(), report.failures().toString());
        Claim note = report.claim("gamma^t");
        assertEquals(Claim.Relation.DIFFER, note.relation());
        assertTrue(note.difference() > 0.1, "difference " + note.difference());
        Claim shipped = report.claim("gamma^t estimator");
        assertEquals(Claim.Relation.DIFFER, shipped.relation());
        assertArrayEquals(note.lhs(), shipped.lhs(), 1e-12);
        assertTrue(report.claim("(11) estimator").holds());
    }

    @Test
    void oneDroppedTermClaimPerStep() {
        DerivationReport report = Proofs.ofFolder("noisy-chain").prove();
        List<String> steps = report.claims().stream().map(Claim::steps).filter(s -> s.startsWith("(11) t=")).toList();
        assertEquals(List.of("(11) t=0", "(11) t=1", "(11) t=2", "(11) t=3", "(11) t=4", "(11) t=5"), steps);
    }

    /** A reward-to-go estimator without gamma^t, with gamma 0.9, is not an unbiased estimator of grad J. */
    @Test
    void estimatorMissingGammaToTheTIsBiased() {
        Derivation derivation = Proofs.ofFolder("noisy-chain");
        int p = derivation.exactGradient().length;
        Claim wrong = derivation.unbiased("(11)", "without gamma^t", Integrands.rewardToGoWithoutDiscount(p, 0.9));
        assertFalse(wrong.holds());
        assertTrue(wrong.difference() > 0.1, "difference " + wrong.difference());
        assertTrue(derivation.unbiased("(11)", "with gamma^t", Integrands.rewardToGo(p, 0.9)).holds());
    }

    /** Using the total return without gamma (G = sum r) in (9) is biased too when gamma &lt; 1. */
    @Test
    void undiscountedTotalReturnIsBiased() {
        Derivation derivation = Proofs.ofFolder("noisy-chain");
        int p = derivation.exactGradient().length;
        assertFalse(derivation.unbiased("(9)", "gamma 1 in G", Integrands.totalReturn(p, 1)).holds());
    }

    @Test
    void gammaOneExpectsEquality() {
        DerivationReport report = Proofs.ofText(SOFTMAX + TWO_STEPS.formatted("1", 3)).prove();
        assertTrue(report.holds(), report.failures().toString());
        assertEquals(Claim.Relation.EQUAL, report.claim("gamma^t").relation());
    }

    @Test
    void horizonOneHasNothingToDiscount() {
        DerivationReport report = Proofs.ofText(SOFTMAX + TWO_STEPS.formatted("0.9", 1)).prove();
        assertTrue(report.holds(), report.failures().toString());
        assertEquals(Claim.Relation.EQUAL, report.claim("gamma^t").relation());
    }

    @Test
    void discountedTwoStepsDiffer() {
        DerivationReport report = Proofs.ofText(SOFTMAX + TWO_STEPS.formatted("0.5", 3)).prove();
        assertTrue(report.holds(), report.failures().toString());
        assertEquals(Claim.Relation.DIFFER, report.claim("gamma^t").relation());
    }

    /**
     * The seed assumes pi_theta differentiable. At relu's kink finite differences and reverse mode
     * disagree, and step (8)'s claim fails.
     */
    @Test
    void aKinkInThePolicyBreaksStepEight() {
        String kink = """
                action a in {right, left}
                param theta = 0
                policy pi(a | s) = categorical(logits = [relu(theta), 0])
                """;
        DerivationReport report = Proofs.ofText(kink + TWO_STEPS.formatted("0.9", 2)).prove();
        assertFalse(report.claim("(6)-(8)").holds());
        assertTrue(report.claim("(9)").holds());
    }

    @Test
    void withoutAHorizonItIsAUsageError() {
        String corridor = SOFTMAX + """
                mdp loop {
                  gamma 0.9
                  start A
                  terminal T
                  A right -> T reward 1
                  A left  -> A reward 0
                }
                """;
        UsageError e = assertThrows(UsageError.class, () -> Proofs.ofText(corridor));
        assertTrue(e.getMessage().contains("add a line such as 'horizon 4'"), e.getMessage());
    }

    /**
     * The noisy chain with horizon 12 has 571,482 trajectories, more than the derivation differentiates:
     * refused by the count made before any trajectory is built (it was refused after enumerating them all).
     */
    @Test
    void tooManyTrajectoriesAreRefusedBeforeAnyIsBuilt() throws java.io.IOException {
        java.nio.file.Path chain = java.nio.file.Path.of("proofs/noisy-chain");
        String longer = java.nio.file.Files.readString(chain.resolve("chain.pg")).replace("horizon 6 ", "horizon 12")
                + java.nio.file.Files.readString(chain.resolve("policy.pg"));
        UsageError e = assertThrows(UsageError.class, () -> Proofs.ofText(longer));
        assertTrue(e.getMessage().startsWith("mdp 'noisy_chain' can have 571482 trajectories"), e.getMessage());
        assertTrue(e.getMessage().contains("the derivation enumerates every one, and at most " + Derivation.MAX_TRAJECTORIES
                + " trajectories"), e.getMessage());
    }

    @Test
    void stepsCoverTheirRange() {
        Claim fiveFromOne = Claim.equal("(1)=(5)", "x", new double[] {1}, new double[] {1}, 0, "");
        assertTrue(fiveFromOne.covers("3"));
        assertTrue(fiveFromOne.covers("(5)"));
        assertFalse(fiveFromOne.covers("6"));
        Claim dropped = Claim.equal("(11) t=2", "x", new double[] {0}, new double[] {0}, 0, "");
        assertTrue(dropped.covers("11"));
        assertFalse(dropped.covers("1"));
        assertTrue(Claim.equal("gamma^t estimator", "x", new double[] {0}, new double[] {0}, 0, "").covers("gamma"));
        assertFalse(Claim.equal("baseline", "x", new double[] {0}, new double[] {0}, 0, "").covers("gamma"));
    }

    @Test
    void claimRelations() {
        assertTrue(Claim.equal("s", "x", new double[] {1}, new double[] {1 + 1e-12}, 1e-10, "").holds());
        assertFalse(Claim.equal("s", "x", new double[] {1}, new double[] {1.1}, 1e-10, "").holds());
        assertTrue(Claim.differ("s", "x", new double[] {1}, new double[] {1.1}, 1e-10, "").holds());
        assertFalse(Claim.differ("s", "x", new double[] {1}, new double[] {1}, 1e-10, "").holds());
        assertFalse(Claim.equal("s", "x", new double[] {Double.NaN}, new double[] {1}, 1e-10, "").holds());
    }
}
