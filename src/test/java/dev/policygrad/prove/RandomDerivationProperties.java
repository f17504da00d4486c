package dev.policygrad.prove;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * On random finite MDPs (2-4 states plus a terminal one, 2-3 actions, random stochastic transitions
 * and rewards, horizon 1-3) under a random linear softmax over the one-hot state, every claim of the
 * derivation holds.
 */
class RandomDerivationProperties {

    @Property(tries = 30, seed = "20240701")
    void everyStepHolds(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 3) int horizon) {
        DerivationReport report = Proofs.ofText(dev.policygrad.objective.RandomMdps.program(seed, states, actions, gamma, horizon)).prove();
        assertTrue(report.holds(), () -> report.failures() + "\n" + ProofTable.render(report));
    }
}
