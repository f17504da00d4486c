package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.Environments;
import dev.policygrad.env.Lqr;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** examples/lqr: a = 1.2, b = 0.7, q = 1, r = 0.5, s0_std = 1, noise_std = 0.1, gamma 1, and a horizon. */
    private static String exampleEnv(int horizon) {
        return "env lqr(a = 1.2, b = 0.7, q = 1, r = 0.5, s0_std = 1, noise_std = 0.1, horizon = " + horizon + ")";
    }

    private static final DfpField WIDE = new DfpField(100);

    private static Dfp dfp(double x) {
        return WIDE.newDfp(new BigDecimal(x).toString());
    }

    /**
     * J of the Gaussian policy with mean -k s and std e^l on the example's LQR over {@code horizon} steps, by the
     * recursion of E s_t and E s_t^2 as LqrObjective's comment writes it, in 100-digit arithmetic from the true e^l.
     */
    private static Dfp reference(Dfp k, Dfp l, int horizon) {
        Dfp a = dfp(1.2), b = dfp(0.7), q = dfp(1), r = dfp(0.5), noise = dfp(0.1).multiply(dfp(0.1));
        Dfp sigma = DfpMath.exp(l), k1 = k.negate(), zero = WIDE.getZero();
        Dfp m = zero, second = WIDE.getOne(), j = zero;
        for (int t = 0; t < horizon; t++) {
            Dfp u = k1.multiply(m);
            Dfp u2 = sigma.multiply(sigma).add(k1.multiply(k1).multiply(second));
            Dfp su = k1.multiply(second);
            j = j.subtract(q.multiply(second).add(r.multiply(u2)));
            m = a.multiply(m).add(b.multiply(u));
            second = a.multiply(a).multiply(second).add(a.multiply(b).multiply(su).multiply(2))
                    .add(b.multiply(b).multiply(u2)).add(noise);
        }
        return j;
    }

    /** (J, dJ/dk, dJ/dl) at theta = (k, l): the derivatives by central differences of step 1e-30. */
    private static Dfp[] referenceWithGradient(double k, double l) {
        Dfp h = WIDE.newDfp("1e-30"), kk = dfp(k), ll = dfp(l);
        return new Dfp[] {reference(kk, ll, 20),
            reference(kk.add(h), ll, 20).subtract(reference(kk.subtract(h), ll, 20)).divide(h.multiply(2)),
            reference(kk, ll.add(h), 20).subtract(reference(kk, ll.subtract(h), 20)).divide(h.multiply(2))};
    }

    private static BigDecimal decimal(Dfp x) {
        return new BigDecimal(x.toString());
    }

    /**
     * At a large log std, J = A + B sigma^2 is finite mathematics beyond the doubles: at log_std = 400,
     * sigma^2 = e^800. J was "NaN ... overflowed"; now, where J is a double (log_std 300, and 353 whose
     * gradient is not), it is right to 1e-14 with its gradient, and elsewhere the error says what it is, to
     * 1e-15 against a 100-digit recursion written here.
     */
    @ParameterizedTest
    @ValueSource(doubles = {300, 353, 354, 400, 800})
    void aLargeLogStdGivesJOrSaysWhatItIs(double logStd) {
        CheckedProgram p = program(GAUSSIAN, exampleEnv(20));
        LqrObjective objective = LqrObjective.of((Lqr) p.environment(), Policy.of(p));
        double[] theta = {1.5, logStd};
        Dfp[] expected = referenceWithGradient(1.5, logStd);
        String[] names = {"J", "dJ / dk", "dJ / dlog_std"};
        ObjectiveResult result;
        try {
            result = objective.evaluate(theta);
        } catch (EvalError e) {
            Matcher m = Pattern.compile("^(J|dJ / dk|dJ / dlog_std) is about (\\S+) on the task 'lqr' \\(exact: moment recursion "
                    + "of the LQR over 20 steps in 40-digit arithmetic, as it leaves the doubles; .*\\): beyond the range of "
                    + "doubles \\(magnitudes up to 1.8e308\\)$").matcher(e.getMessage());
            assertTrue(m.matches(), e.getMessage());
            BigDecimal reference = decimal(expected[java.util.Arrays.asList(names).indexOf(m.group(1))]);
            BigDecimal printed = new BigDecimal(m.group(2));
            assertTrue(printed.subtract(reference).abs().compareTo(reference.abs().movePointLeft(15)) < 0,
                    printed + " against " + reference);
            assertTrue(logStd > 300, e.getMessage());
            if (m.group(1).equals("J")) assertEquals(Double.NEGATIVE_INFINITY, objective.value(theta));
            return;
        }
        assertEquals(300, logStd);
        double[] actual = {result.J(), result.gradient()[0], result.gradient()[1]};
        for (int i = 0; i < 3; i++) {
            double e = decimal(expected[i]).doubleValue();
            assertEquals(e, actual[i], 1e-14 * Math.abs(e), names[i]);
        }
        assertEquals(result.J(), objective.value(theta), 0);
    }

    /**
     * An unstable gain, k = 0, over 2000 steps: E s_t^2 grows as 1.44^t, and J, about -7.7e316, was
     * "-Infinity ... overflowed"; the error says what it is, to 1e-15.
     */
    @Test
    void aStateBeyondTheDoublesGivesJAbout() {
        CheckedProgram p = program(GAUSSIAN, exampleEnv(2000));
        LqrObjective objective = LqrObjective.of((Lqr) p.environment(), Policy.of(p));
        EvalError e = org.junit.jupiter.api.Assertions.assertThrows(EvalError.class,
                () -> objective.evaluate(new double[] {0, -20}));
        Matcher m = Pattern.compile("^J is about (\\S+) on the task 'lqr'.*").matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        BigDecimal reference = decimal(reference(dfp(0), dfp(-20), 2000));
        BigDecimal printed = new BigDecimal(m.group(1));
        assertTrue(printed.subtract(reference).abs().compareTo(reference.abs().movePointLeft(15)) < 0,
                printed + " against " + reference);
    }
}
