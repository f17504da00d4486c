package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.Environments;
import dev.policygrad.env.Lqr;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import org.junit.jupiter.api.Test;

class LqrObjectiveTest {

    private static final String GAUSSIAN = """
            state s
            action u : real
            param k = 1.5
            param log_std = -20
            policy pi(u | s) = normal(mean = -k * s, std = exp(log_std))
            """;

    private static CheckedProgram program(String policy, String env) {
        return Programs.check(policy + env + "\n");
    }

    /**
     * Fazel et al. 2018 (public-values.md): a = 1.2, b = 0.7, q = 1, r = 0.5, sigma0^2 = 2, k = 1.5 give
     * C(k) = sigma0^2 (q + r k^2) / (1 - (a - b k)^2) and dC/dk = 2.134994... With |a - b k| = 0.15 the
     * cost left after 300 steps is C 0.15^600 (nothing), and std = e^-20 adds about
     * H (r + b^2 P) e^-40 ~ 1e-15, so J = -C and dJ/dk = -dC/dk to rounding.
     */
    @Test
    void longHorizonTinyNoiseGivesTheClosedForm() {
        CheckedProgram p = program(GAUSSIAN, "env lqr(s0_std = 1.4142135623730951, horizon = 300)");
        Lqr lqr = (Lqr) p.environment();
        LqrObjective objective = LqrObjective.of(lqr, Policy.of(p));
        assertNotNull(objective);
        double a = 1.2, b = 0.7, q = 1, r = 0.5, sigma0Squared = 2, k = 1.5;
        double closedLoop = 1 - (a - b * k) * (a - b * k);
        double cost = sigma0Squared * (q + r * k * k) / closedLoop;
        double pValue = (q + r * k * k) / closedLoop;
        double sigma = sigma0Squared / closedLoop;
        double dCdk = 2 * ((r + b * b * pValue) * k - b * pValue * a) * sigma;
        assertEquals(2.134994, dCdk, 1e-6);
        ObjectiveResult result = objective.evaluate(new double[] {k, -20});
        assertEquals(-cost, result.J(), 1e-12 * cost);
        assertEquals(-dCdk, result.gradient()[0], 1e-10);
        assertEquals(-2.134994, result.gradient()[0], 1e-6);
        assertTrue(result.exact());
    }

    /** The forward-mode gradient agrees with the 6-point stencil on J, with noise, discount and an offset. */
    @Test
    void gradientMatchesFiniteDifferences() {
        CheckedProgram p = program("""
                state s
                action u : real
                param k = 0.9
                param c = 0.2
                param log_std = -0.5
                policy pi(u | s) = normal(mean = -k * s + c, std = exp(log_std))
                """, "env lqr(noise_std = 0.3, gamma = 0.95, horizon = 15)");
        LqrObjective objective = LqrObjective.of((Lqr) p.environment(), Policy.of(p));
        double[] theta = {0.9, 0.2, -0.5};
        double[] gradient = objective.gradient(theta);
        double[] check = objective.finiteDifferenceGradient(theta);
        for (int i = 0; i < 3; i++) assertEquals(check[i], gradient[i], 1e-8 * Math.max(1, Math.abs(check[i])));
    }

    /**
     * The Monte Carlo estimate from 4000 episodes lies within 4 standard errors of the exact J, and
     * its common-random-numbers gradient within 4 of its standard errors of the exact gradient
     * (a Gaussian policy on fixed-length LQR: each episode is smooth in theta).
     */
    @Test
    void monteCarloAgreesWithTheExactObjective() {
        CheckedProgram p = program("""
                state s
                action u : real
                param k = 0.9
                param log_std = -0.7
                policy pi(u | s) = normal(mean = -k * s, std = exp(log_std))
                """, "env lqr(noise_std = 0.2, horizon = 10)");
        Lqr lqr = (Lqr) p.environment();
        Policy policy = Policy.of(p);
        double[] theta = {0.9, -0.7};
        ObjectiveResult exact = LqrObjective.of(lqr, policy).evaluate(theta);
        MonteCarloObjective mc = new MonteCarloObjective(lqr, policy);
        MonteCarloObjective.ReturnEstimate j = mc.value(theta, 4000, 11);
        assertEquals(exact.J(), j.mean(), 4 * j.standardError());
        ObjectiveResult estimate = mc.evaluate(theta, 4000, 11);
        assertEquals(j.mean(), estimate.J(), 0);
        double se = Double.parseDouble(estimate.note().replaceAll(".*component: ([0-9.eE+-]+)\\..*", "$1"));
        for (int i = 0; i < 2; i++) assertEquals(exact.gradient()[i], estimate.gradient()[i], 4 * se);
    }

    @Test
    void nonAffinePoliciesAreNotExact() {
        String tanhMean = GAUSSIAN.replace("mean = -k * s", "mean = -k * tanh(s)");
        assertEquals("the policy's mean is not affine in the state", LqrObjective.whyNotExact(Policy.of(Programs.check(tanhMean))));
        String squared = GAUSSIAN.replace("mean = -k * s", "mean = -k * s * s");
        assertEquals("the policy's mean is not affine in the state", LqrObjective.whyNotExact(Policy.of(Programs.check(squared))));
        String stateStd = GAUSSIAN.replace("std = exp(log_std)", "std = exp(log_std + s)");
        assertEquals("the policy's std depends on the state", LqrObjective.whyNotExact(Policy.of(Programs.check(stateStd))));
        String affine = GAUSSIAN.replace("mean = -k * s", "mean = (2 * s - k * s + exp(k)) / 3");
        assertNull(LqrObjective.whyNotExact(Policy.of(Programs.check(affine))));
    }

    /** A non-affine policy on LQR falls back to Monte Carlo and says why. */
    @Test
    void fallbackSaysWhy() {
        CheckedProgram p = program(GAUSSIAN.replace("mean = -k * s", "mean = -k * tanh(s)")
                .replace("log_std = -20", "log_std = -1"), "env lqr(horizon = 5)");
        ObjectiveResult result = Objectives.evaluate(p.environment(), Policy.of(p), new double[] {1.5, -1}, 200, 3);
        assertTrue(result.method().startsWith("monte carlo"), result.method());
        assertTrue(result.note().startsWith("not exact because the policy's mean is not affine in the state."), result.note());
        assertTrue(result.standardError() > 0);
    }
}
