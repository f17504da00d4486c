package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
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

    /**
     * J(u) = (2P - 4(1 + t)) (1 + t) / t with t = e^-|u| and P = 1 for u &gt;= 0, t otherwise, from the true
     * e^-|u| to 60 digits (Commons Math's Dfp): the closed form above, at theta whose t is no double.
     */
    private static BigDecimal closedFormJ(double u) {
        DfpField field = new DfpField(60);
        BigDecimal t = new BigDecimal(DfpMath.exp(field.newDfp(-Math.abs(u))).toString());
        MathContext mc = new MathContext(50);
        BigDecimal onePlusT = BigDecimal.ONE.add(t), bigP = u >= 0 ? BigDecimal.ONE : t;
        return bigP.multiply(BigDecimal.valueOf(2)).subtract(BigDecimal.valueOf(4).multiply(onePlusT))
                .multiply(onePlusT).divide(t, mc);
    }

    /**
     * At theta = (710, 0) the way out has probability e^-710 ~ 4.5e-309 and J = -4.46799e308, beyond the
     * largest double (1.8e308); at (0, 710), -8.93598e308. J was "NaN ... a reward, a state or a value
     * overflowed": the error says what J is, held to the closed form. e^-710 is a subnormal double of 14
     * digits, e^-745 one of a single bit (4.9e-324), and e^-760 and e^-1000 are 0 as doubles, which made the
     * corridor look endless ("no terminal state can be reached"): the solve now takes these probabilities from
     * log pi in 40-digit arithmetic, so every case has all 17 digits right (to 1e-15, the closed form's
     * e^-|u| being the exact one); {@link ExactObjective#value} is -Infinity, never NaN, and the gradient alone
     * is an error saying what it is too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"710,0", "0,710", "709.5,0", "745,0", "760,0", "0,760", "0,800", "1000,0"})
    void jBeyondTheDoublesIsAnErrorSayingWhatItIs(String logits) {
        String[] parts = logits.split(",");
        double[] theta = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        BigDecimal expected = closedFormJ(theta[0] - theta[1]);
        EvalError e = assertThrows(EvalError.class, () -> objective.evaluate(theta));
        Matcher m = Pattern.compile("^J is about (\\S+) on the task 'short_corridor' \\(exact: linear solve.*\\): beyond the "
                + "range of doubles \\(magnitudes up to 1.8e308\\)$").matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        BigDecimal printed = new BigDecimal(m.group(1));
        assertTrue(printed.precision() >= 16, e.getMessage());
        BigDecimal error = printed.subtract(expected).divide(expected, MathContext.DECIMAL64).abs();
        assertTrue(error.doubleValue() < 1e-15, printed + " against " + expected);
        assertEquals(Double.NEGATIVE_INFINITY, objective.value(theta));
        assertEquals(e.getMessage(), assertThrows(EvalError.class, () -> objective.values(theta)).getMessage());
        EvalError g = assertThrows(EvalError.class, () -> objective.gradient(theta));
        assertTrue(g.getMessage().startsWith("dJ / dtheta[0] is about "), g.getMessage());
    }

    /**
     * A J within the doubles whose values are not: the state values are 1e308 (C) and 2e308 (B, beyond the
     * doubles), J = (1/2)(-1e308 + 2e308) = 5e307 and dJ/dtheta = (1/2)(Q(A, go) - J) (1, -1) = (2.5e307,
     * -2.5e307), with and without a horizon. The solve overflowed to NaN; with the rewards scaled by a
     * power of two it gives J and the gradient exactly (here, integers times 1e308 / 4).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "  horizon 3\n"})
    void aJWithinTheDoublesWhoseValuesAreNotIsExact(String horizon) {
        CheckedProgram climb = Programs.check("""
                action a in {go, alt}
                param theta[2] = 0
                policy pi(a | s) = categorical(logits = theta)
                mdp climb {
                  gamma 1
                %s  start A
                  terminal G
                  A go -> B reward -1e308
                  A alt -> G reward 0
                  B go -> C reward 1e308
                  B alt -> C reward 1e308
                  C go -> G reward 1e308
                  C alt -> G reward 1e308
                }
                """.formatted(horizon));
        ExactObjective exact = new ExactObjective(Programs.mdp(climb), Policy.of(climb));
        ObjectiveResult result = exact.evaluate(new double[] {0, 0});
        BigDecimal e308 = new BigDecimal("1e308");
        assertEquals(e308.divide(BigDecimal.valueOf(2)).doubleValue(), result.J(), 0);
        assertEquals(e308.divide(BigDecimal.valueOf(4)).doubleValue(), result.gradient()[0], 0);
        assertEquals(e308.divide(BigDecimal.valueOf(-4)).doubleValue(), result.gradient()[1], 0);
        assertEquals(result.J(), exact.value(new double[] {0, 0}), 0);
        EvalError e = assertThrows(EvalError.class, () -> exact.values(new double[] {0, 0}));
        assertTrue(e.getMessage().startsWith("V(B) is about 2e+308 on the task 'climb'"), e.getMessage());
    }
}
