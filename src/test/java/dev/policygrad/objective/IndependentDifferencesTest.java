package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
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
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double secant = (objective.value(plus) - objective.value(minus)) / (2 * h);
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
}
