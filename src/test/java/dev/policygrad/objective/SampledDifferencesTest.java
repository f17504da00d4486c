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
 * Sampled central differences of J against the exact gradient of the short corridor (closed form
 * J(p) = (2p - 4) / (p (1 - p)), p = pi(right)), and against the exact secant of a bandit whose common
 * random numbers make the difference noisier than independent episodes.
 */
class SampledDifferencesTest {

    private final CheckedProgram program = Programs.check(Programs.corridor(""));
    private final FiniteMdp mdp = Programs.mdp(program);
    private final Policy policy = Policy.of(program);

    @Test
    void reachesTheRequestedErrorAndAgreesWithTheExactGradient() {
        double[] theta = {0.3, -0.2};
        ExactObjective objective = new ExactObjective(mdp, policy);
        double[] exact = objective.evaluate(theta).gradient();
        double target = 0.25;
        SampledDifferences.Result r = SampledDifferences.of(Task.of(policy, mdp), new Rollouts(2), theta, 11,
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
            assertTrue(r.perSide()[i] >= SampledDifferences.PILOT);
        }
        long expected = 0;
        for (long n : r.perSide()) expected += 2 * n + 2L * SampledDifferences.PILOT;
        assertEquals(expected, r.episodes());
    }

    @Test
    void theSameSeedGivesTheSameBitsOnAnyThreadCount() {
        double[] theta = {0.1, 0.4};
        Task task = Task.of(policy, mdp);
        SampledDifferences.Result one = SampledDifferences.of(task, new Rollouts(1), theta, 5, 1.0, 100_000);
        SampledDifferences.Result three = SampledDifferences.of(task, new Rollouts(3), theta, 5, 1.0, 100_000);
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
        SampledDifferences.Result r = SampledDifferences.of(Task.of(policy, mdp), new Rollouts(2), theta, 11,
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
        UsageError e = assertThrows(UsageError.class, () -> SampledDifferences.of(Task.of(policy, mdp),
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
        SampledDifferences.Result stopped = SampledDifferences.of(task, new Rollouts(2), theta, 11, 0.05, 4000,
                0.01);
        assertTrue(stopped.stoppedAfterPilot());
        assertFalse(stopped.reached());
        assertEquals(2L * 2 * SampledDifferences.PILOT, stopped.episodes());
        for (int i = 0; i < 2; i++) {
            assertEquals(SampledDifferences.PILOT, stopped.perSide()[i]);
            double secant = secant(objective, theta, i, stopped.steps()[i]);
            assertEquals(secant, stopped.gradient()[i], 4.5 * stopped.standardErrors()[i], "component " + i);
        }
        SampledDifferences.Result plain = SampledDifferences.of(task, new Rollouts(2), theta, 11, 0.05, 4000);
        SampledDifferences.Result bounded = SampledDifferences.of(task, new Rollouts(2), theta, 11, 0.05, 4000,
                1e9);
        assertFalse(bounded.stoppedAfterPilot());
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.gradient()[i], bounded.gradient()[i]);
            assertEquals(plain.standardErrors()[i], bounded.standardErrors()[i]);
        }
        assertEquals(plain.episodes(), bounded.episodes());
        assertEquals(plain.J(), bounded.J());
    }

    /**
     * The standard errors are honest, common random numbers included: over 30 seeds the z-scores
     * (estimate - exact secant) / standard error of both components have a mean square near 1. Their sum
     * of squares is chi-square with 60 degrees of freedom for normal z (and close to it at 2000 pairs
     * here): mean 60, sd 11; the bounds are 4 sd each way. An error that ignored the pairing (the two
     * sides' variances added as if independent) would put the sum near 60 times the variance ratio,
     * which this corridor makes well under 1/3, and a test of the paired error against it would fail.
     */
    @Test
    void thePairedStandardErrorsAreCalibratedAgainstTheExactSecant() {
        double[] theta = {0.3, -0.2};
        ExactObjective objective = new ExactObjective(mdp, policy);
        Task task = Task.of(policy, mdp);
        double sum = 0;
        for (long seed = 100; seed < 130; seed++) {
            SampledDifferences.Result r = SampledDifferences.of(task, new Rollouts(2), theta, seed, 10.0,
                    SampledDifferences.PILOT);
            for (int i = 0; i < 2; i++) {
                assertTrue(r.paired()[i], "the common stream is the less noisy form in the corridor");
                double z = (r.gradient()[i] - secant(objective, theta, i, r.steps()[i])) / r.standardErrors()[i];
                sum += z * z;
            }
        }
        assertTrue(sum > 60 - 4 * 11 && sum < 60 + 4 * 11, "sum of z^2 over 60 components: " + sum);
    }

    /**
     * A bandit where the common stream hurts: three actions in the inverse-CDF order x, y, z with logits
     * (theta, -5, -theta), reward 1 for y. At theta = 0, h = 0.05 moves the cut point p_x by about 0.0125,
     * more than y's width p_y = 0.0034, so y's windows at theta +- h do not overlap: with one uniform, G_+
     * and G_- are never both 1, Cov = -p_y^2 &lt; 0, and the paired difference is noisier than independent
     * episodes. The pilot sees it and plays the sides independently, still unbiased for the exact secant.
     */
    @Test
    void independentEpisodesAreChosenWhereTheCommonStreamIsNoisier() {
        CheckedProgram bandit = Programs.check("""
                mdp bandit {
                  gamma 1
                  start S
                  terminal G
                  S x -> G reward 0
                  S y -> G reward 1
                  S z -> G reward 0
                }
                action a in {x, y, z}
                param theta = 0
                policy pi(a | s) = categorical(logits = [theta, -5, -theta])
                """);
        FiniteMdp banditMdp = Programs.mdp(bandit);
        Policy banditPolicy = Policy.of(bandit);
        ExactObjective objective = new ExactObjective(banditMdp, banditPolicy);
        SampledDifferences.Result r = SampledDifferences.of(Task.of(banditPolicy, banditMdp), new Rollouts(2),
                new double[] {0}, 3, 0.02, 1_000_000);
        assertFalse(r.paired()[0]);
        assertTrue(r.reached());
        double secant = secant(objective, new double[] {0}, 0, r.steps()[0]);
        assertEquals(secant, r.gradient()[0], 4.5 * r.standardErrors()[0]);
        assertTrue(SampledDifferences.asObjective(r, banditPolicy, 0.02, 3).method()
                .contains("independent episodes"));
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
