package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import org.junit.jupiter.api.Test;

/**
 * Independent central differences of a sampled J against the exact gradient of the short corridor
 * (closed form J(p) = (2p - 4) / (p (1 - p)), p = pi(right)).
 */
class IndependentDifferencesTest {

    private final CheckedProgram program = Programs.check(Programs.corridor(""));
    private final FiniteMdp mdp = Programs.mdp(program);
    private final Policy policy = Policy.of(program);

    @Test
    void reachesTheRequestedErrorAndAgreesWithTheExactGradient() {
        double[] theta = {0.3, -0.2};
        ExactObjective objective = new ExactObjective(mdp, policy);
        double[] exact = objective.evaluate(theta).gradient();
        double target = 0.25;
        IndependentDifferences.Result r = IndependentDifferences.of(Task.of(policy, mdp), new Rollouts(2), theta, 11,
                target, 10_000_000);
        assertTrue(r.reached());
        for (int i = 0; i < 2; i++) {
            // the pilot's variance estimate may miss a little: allow 20%
            assertTrue(r.standardErrors()[i] < 1.2 * target, "se " + r.standardErrors()[i]);
            // unbiased for the secant (J(theta + h e_i) - J(theta - h e_i)) / 2h, computed exactly here
            double h = r.steps()[i];
            double secant = secant(objective, theta, i, h);
            assertEquals(secant, r.gradient()[i], 4.5 * r.standardErrors()[i], "component " + i);
            // and the secant is within h^2 of the gradient here
            assertEquals(exact[i], secant, h * h, "secant " + i);
            assertTrue(r.perSide()[i] >= IndependentDifferences.PILOT);
        }
        long expected = 0;
        for (long n : r.perSide()) expected += 2 * n + 2L * IndependentDifferences.PILOT;
        assertEquals(expected, r.episodes());
    }

    @Test
    void theSameSeedGivesTheSameBitsOnAnyThreadCount() {
        double[] theta = {0.1, 0.4};
        Task task = Task.of(policy, mdp);
        IndependentDifferences.Result one = IndependentDifferences.of(task, new Rollouts(1), theta, 5, 1.0, 100_000);
        IndependentDifferences.Result three = IndependentDifferences.of(task, new Rollouts(3), theta, 5, 1.0, 100_000);
        assertEquals(one.gradient()[0], three.gradient()[0]);
        assertEquals(one.gradient()[1], three.gradient()[1]);
        assertEquals(one.standardErrors()[1], three.standardErrors()[1]);
    }

    /**
     * Where the cap stops a component short, the pilot's estimate of the episodes the target needs
     * predicts the standard error the capped run reaches: se = target sqrt(needed / cap), since the
     * standard error falls as 1 / sqrt(n). The run's error comes from its own episodes, not the pilot's.
     */
    @Test
    void theEpisodesNeededPredictWhatTheCapReaches() {
        double[] theta = {0.3, -0.2};
        double target = 0.05;
        int cap = 4000;
        IndependentDifferences.Result r = IndependentDifferences.of(Task.of(policy, mdp), new Rollouts(2), theta, 11,
                target, cap);
        assertFalse(r.reached());
        assertTrue(r.needed() > cap, "needed " + r.needed());
        double predicted = target * Math.sqrt(r.needed() / cap);
        // the pilot's variance (2000 episodes a side) and the run's each miss by a few percent: allow 20%
        assertEquals(predicted, r.largestStandardError(), 0.2 * predicted);
    }

    /** A requested error no run can reach is refused after the pilot, with the error that is reachable. */
    @Test
    void aStandardErrorBeyondAnyRunIsRefusedAfterThePilot() {
        UsageError e = assertThrows(UsageError.class, () -> IndependentDifferences.of(Task.of(policy, mdp),
                new Rollouts(2), new double[] {0.3, -0.2}, 11, 1e-6, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("more than the 2147483647 a run can play"), e.getMessage());
    }

    /**
     * A bound the capped run cannot get under stops it after the pilots, whose differences are then the
     * result, unbiased for the exact secant; a bound it can get under changes no bit.
     */
    @Test
    void aUselessRunStopsAfterThePilotsAndAUsefulOneIsUnchanged() {
        double[] theta = {0.3, -0.2};
        Task task = Task.of(policy, mdp);
        ExactObjective objective = new ExactObjective(mdp, policy);
        IndependentDifferences.Result stopped = IndependentDifferences.of(task, new Rollouts(2), theta, 11, 0.05, 4000,
                0.01);
        assertTrue(stopped.stoppedAfterPilot());
        assertFalse(stopped.reached());
        assertEquals(2L * 2 * IndependentDifferences.PILOT, stopped.episodes());
        for (int i = 0; i < 2; i++) {
            assertEquals(IndependentDifferences.PILOT, stopped.perSide()[i]);
            double secant = secant(objective, theta, i, stopped.steps()[i]);
            assertEquals(secant, stopped.gradient()[i], 4.5 * stopped.standardErrors()[i], "component " + i);
        }
        IndependentDifferences.Result plain = IndependentDifferences.of(task, new Rollouts(2), theta, 11, 0.05, 4000);
        IndependentDifferences.Result bounded = IndependentDifferences.of(task, new Rollouts(2), theta, 11, 0.05, 4000,
                1e9);
        assertFalse(bounded.stoppedAfterPilot());
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.gradient()[i], bounded.gradient()[i]);
            assertEquals(plain.standardErrors()[i], bounded.standardErrors()[i]);
        }
        assertEquals(plain.episodes(), bounded.episodes());
        assertEquals(plain.J(), bounded.J());
    }

    /** (J(theta + h e_i) - J(theta - h e_i)) / 2h, J exact. */
    private static double secant(ExactObjective objective, double[] theta, int i, double h) {
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        plus[i] += h;
        minus[i] -= h;
        return (objective.value(plus) - objective.value(minus)) / (2 * h);
    }
}
