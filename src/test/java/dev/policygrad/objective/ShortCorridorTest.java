package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The short corridor with switched actions (Sutton &amp; Barto 2018, Example 13.1) against the closed
 * forms of /work/shared/reference/public-values.md: J(p) = (2p - 4) / (p (1 - p)) with p = pi(right).
 */
class ShortCorridorTest {

    private final CheckedProgram program = Programs.check(Programs.corridor(""));
    private final FiniteMdp mdp = Programs.mdp(program);
    private final ExactObjective objective = new ExactObjective(mdp, Policy.of(program));

    /** Logits (theta_right, theta_left) giving pi(right) = p. */
    private static double[] logitsFor(double p) {
        return new double[] {Math.log(p), Math.log1p(-p)};
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.2, 0.5, 0.585786437626905, 0.8, 0.95})
    void valueMatchesClosedForm(double p) {
        double expected = (2 * p - 4) / (p * (1 - p));
        assertEquals(expected, objective.value(logitsFor(p)), 1e-12 * Math.abs(expected));
    }

    @Test
    void valueAtOneHalfIsMinusTwelve() {
        assertEquals(-12, objective.value(new double[] {0, 0}), 1e-12);
    }

    @Test
    void optimumValue() {
        assertEquals(-(6 + 4 * Math.sqrt(2)), objective.value(logitsFor(2 - Math.sqrt(2))), 1e-12);
    }

    @Test
    void gradientAtZeroIsTwoMinusTwo() {
        ObjectiveResult result = objective.evaluate(new double[] {0, 0});
        assertEquals(-12, result.J(), 1e-12);
        assertArrayEquals(new double[] {2, -2}, result.gradient(), 1e-12);
        assertEquals(java.util.List.of("theta[0]", "theta[1]"), result.names());
    }

    /** With theta = (x, 0), p = sigmoid(x) and dJ/dx = dJ/dp p (1 - p). */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.3, 0.7})
    void chainRuleGivesDJdp(double p) {
        double x = Math.log(p / (1 - p));
        double dJdx = objective.gradient(new double[] {x, 0})[0];
        double expected = (2 * p * p - 8 * p + 4) / Math.pow(p * (1 - p), 2);
        assertEquals(expected, dJdx / (p * (1 - p)), 1e-10 * Math.max(1, Math.abs(expected)));
        if (p == 0.5) assertEquals(8, dJdx / (p * (1 - p)), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "horizon 1", "horizon 5", "horizon 40"})
    void policyGradientTheoremMatchesFiniteDifferences(String horizon) {
        CheckedProgram p = Programs.check(Programs.corridor(horizon));
        ExactObjective o = new ExactObjective(Programs.mdp(p), Policy.of(p));
        for (double[] theta : new double[][] {{0, 0}, {0.7, -0.4}, {-1.3, 0.2}}) {
            assertArrayEquals(o.finiteDifferenceGradient(theta), o.gradient(theta), 1e-8);
        }
    }

    /** A horizon of 1 step: J = -1 whatever the policy, so the gradient is 0. */
    @Test
    void oneStepHorizon() {
        CheckedProgram p = Programs.check(Programs.corridor("horizon 1"));
        ExactObjective o = new ExactObjective(Programs.mdp(p), Policy.of(p));
        assertEquals(-1, o.value(new double[] {0.3, 0.1}), 0);
        assertArrayEquals(new double[] {0, 0}, o.gradient(new double[] {0.3, 0.1}), 1e-15);
    }

    /**
     * Far from the optimum, where J and its gradient are huge but finite and the products w pi Q of the
     * policy gradient theorem overflow doubles (at theta = (360, 0): d ~ 2e156, Q ~ -4e156). The reference
     * is the closed form, computed without forming p, 1 - p or p (1 - p) in doubles (p (1 - p) ~ 4.5e-157,
     * and at 700 it is subnormal): with u = theta0 - theta1 and t = exp(-|u|) (a normal double, within an
     * ulp of e^-|u|), p = P / (1 + t), 1 - p = Q / (1 + t) with (P, Q) = (1, t) for u &gt;= 0 and (t, 1)
     * otherwise, so p (1 - p) = t / (1 + t)^2 and
     * J = (2P - 4(1 + t)) (1 + t) / t, dJ/dtheta0 = dJ/dp p (1 - p) = (2P^2 - 8P(1 + t) + 4(1 + t)^2) / t
     * = -dJ/dtheta1, evaluated in BigDecimal to 40 digits from the exact value of t.
     */
    @ParameterizedTest
    @ValueSource(strings = {"360,0", "350,0", "0,360", "700,0", "0,700", "-3,5"})
    void hugeButFiniteValueAndGradientMatchClosedForm(String logits) {
        String[] parts = logits.split(",");
        double[] theta = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        java.math.MathContext mc = new java.math.MathContext(40);
        double u = theta[0] - theta[1];
        java.math.BigDecimal t = new java.math.BigDecimal(Math.exp(-Math.abs(u)));
        java.math.BigDecimal onePlusT = java.math.BigDecimal.ONE.add(t);
        java.math.BigDecimal bigP = u >= 0 ? java.math.BigDecimal.ONE : t;
        java.math.BigDecimal four = java.math.BigDecimal.valueOf(4);
        double expectedJ = bigP.multiply(java.math.BigDecimal.valueOf(2)).subtract(four.multiply(onePlusT))
                .multiply(onePlusT).divide(t, mc).doubleValue();
        double expectedGradient = bigP.multiply(bigP).multiply(java.math.BigDecimal.valueOf(2))
                .subtract(java.math.BigDecimal.valueOf(8).multiply(bigP).multiply(onePlusT))
                .add(four.multiply(onePlusT).multiply(onePlusT)).divide(t, mc).doubleValue();
        ObjectiveResult result = objective.evaluate(theta);
        assertEquals(expectedJ, result.J(), 1e-12 * Math.abs(expectedJ));
        assertEquals(expectedGradient, result.gradient()[0], 1e-12 * Math.abs(expectedGradient));
        assertEquals(-expectedGradient, result.gradient()[1], 1e-12 * Math.abs(expectedGradient));
        assertEquals(result.J(), objective.value(theta), 0);
        assertArrayEquals(result.gradient(), objective.gradient(theta), 0);
    }
}
