package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.math.BigDecimal;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact gradient where the policy rarely leaves a set of states, whose values are then huge and nearly equal:
 * the loop {A go -> A, A alt -> C, C go -> A, C alt -> G}, each step costing 1, with p = pi(alt | A) =
 * sigmoid(theta_0) and q = pi(alt | C) = sigmoid(theta_1). From A an episode waits 1/p steps on average to reach C,
 * and from C ends with probability q or starts again from A, so its mean length L solves L = 1/p + 1 + (1 - q) L:
 * J = -L = -(1 + 1/p) / q, and
 * dJ/dtheta_0 = dJ/dp p (1 - p) = (1 - p) / (p q), dJ/dtheta_1 = dJ/dq q (1 - q) = (1 + 1/p) (1 - q) / q.
 * At q = e^-300 the values are about -6e130 and differ by 1/p; dJ/dtheta_0 came out 0 (and 1.4e247 at
 * theta = (-5, -300)), with exit status 0. The references are these closed forms in 200-digit Dfp from the exact
 * theta, and, with a horizon, sums over every trajectory (whose terms, about 6, cancel to 1e-130: the digits are
 * for them).
 */
class CancellationTest {

    private static final DfpField FIELD = new DfpField(200);

    private static final String LOOP = """
            state s[2]
            action a in {go, alt}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = [0, theta[0] * s[0] + theta[1] * s[1]])
            mdp loop {
              gamma 1
              %s
              start A
              terminal G
              A go  -> A reward %2$s
              A alt -> C reward %2$s
              C go  -> A reward %2$s
              C alt -> G reward %2$s
            }
            """;

    private static ExactObjective loop(String horizon, String reward) {
        CheckedProgram p = Programs.check(LOOP.formatted(horizon, reward));
        return new ExactObjective(Programs.mdp(p), Policy.of(p));
    }

    /** sigmoid(x) = 1 / (1 + e^-x), and 1 - sigmoid(x) = sigmoid(-x), from the exact x. */
    private static Dfp sigmoid(double x) {
        return FIELD.getOne().divide(FIELD.getOne().add(DfpMath.exp(FIELD.newDfp(new BigDecimal(-x).toString()))));
    }

    private static void assertClose(Dfp expected, double actual, double relative, String what) {
        double e = new BigDecimal(expected.toString()).doubleValue();
        assertEquals(e, actual, relative * Math.abs(e), what);
    }

    /**
     * J and both components against the closed forms, to 1e-12: log pi(alt | C) is a double, off from the exact
     * log-softmax by up to half an ulp of 300 (3e-14), which moves q, and J and the gradient with 1/q, by as much
     * relative. Where the terms cancel beyond the doubles' tolerance, the method says in how many digits the
     * gradient was taken; at (-300, 0) and (0, 0) nothing cancels and the doubles' sum stands.
     */
    @ParameterizedTest
    @CsvSource({"0, -300, 160", "-300, 0, 0", "-5, -300, 160", "-20, -20, 40", "0, 0, 0", "3, -30, 40",
            "-10, -150, 100"})
    void theLoopAgainstItsClosedForm(double theta0, double theta1, int digits) {
        ExactObjective loop = loop("", "-1");
        double[] theta = {theta0, theta1};
        Dfp p = sigmoid(theta0), notP = sigmoid(-theta0), q = sigmoid(theta1), notQ = sigmoid(-theta1);
        Dfp onePlus = FIELD.getOne().add(FIELD.getOne().divide(p));
        ObjectiveResult result = loop.evaluate(theta);
        assertClose(onePlus.divide(q).negate(), result.J(), 1e-12, "J");
        assertClose(notP.divide(p.multiply(q)), result.gradient()[0], 1e-12, "dJ / dtheta[0]");
        assertClose(onePlus.multiply(notQ).divide(q), result.gradient()[1], 1e-12, "dJ / dtheta[1]");
        if (digits == 0) {
            assertFalse(result.method().contains("-digit"), result.method());
        } else {
            assertTrue(result.method().contains("gradient by the policy gradient theorem in " + digits + "-digit "
                    + "arithmetic, as the differences of action values its terms take are as small as "),
                    result.method());
        }
        assertEquals(result.J(), loop.value(theta), 0);
    }

    /** The method names how small the differences are against the values, and in which component. */
    @Test
    void theMethodSaysWhyTheGradientTookMoreDigits() {
        String method = loop("", "-1").evaluate(new double[] {0, -300}).method();
        assertTrue(method.endsWith("in 160-digit arithmetic, as the differences of action values its terms take are "
                + "as small as 1.7e-131 of those values (in dJ / dtheta[0])"), method);
    }

    /**
     * With a horizon of 6 steps the values are about -6 and differ by about q: the same cancellation, in backward
     * induction (dJ/dtheta_0 came out 0 and, before the wide solve's probabilities were normalized, 4.8e-17, the
     * 2^-53 by which exp(log 0.5) misses 0.5). Reference: J = sum_tau p(tau) G(tau) and
     * dJ/dtheta_i = sum_tau p(tau) G(tau) sum_t d log pi(a_t | s_t) / d theta_i over every trajectory, with
     * d log pi(alt | A) / d theta_0 = 1 - p, d log pi(go | A) / d theta_0 = -p (and q at C for theta_1).
     */
    @ParameterizedTest
    @CsvSource({"0, -300", "-20, -20", "0, -30", "2, 1"})
    void theLoopWithAHorizonAgainstEveryTrajectory(double theta0, double theta1) {
        double[] theta = {theta0, theta1};
        Dfp[] sums = {FIELD.getZero(), FIELD.getZero(), FIELD.getZero()};
        Dfp[] pi = {sigmoid(theta0), sigmoid(theta1)}, notPi = {sigmoid(-theta0), sigmoid(-theta1)};
        enumerate(0, 0, FIELD.getOne(), FIELD.getZero(), FIELD.getZero(), FIELD.getZero(), pi, notPi, sums);
        ObjectiveResult result = loop("horizon 6", "-1").evaluate(theta);
        assertClose(sums[0], result.J(), 1e-12, "J");
        assertClose(sums[1], result.gradient()[0], 1e-12, "dJ / dtheta[0]");
        assertClose(sums[2], result.gradient()[1], 1e-12, "dJ / dtheta[1]");
    }

    /** Adds p G, p G score_0 and p G score_1 of every trajectory on from state s (0 = A, 1 = C) at step t. */
    private static void enumerate(int s, int t, Dfp probability, Dfp reward, Dfp score0, Dfp score1, Dfp[] pi,
            Dfp[] notPi, Dfp[] sums) {
        if (s == 2 || t == 6) {
            Dfp g = probability.multiply(reward);
            sums[0] = sums[0].add(g);
            sums[1] = sums[1].add(g.multiply(score0));
            sums[2] = sums[2].add(g.multiply(score1));
            return;
        }
        Dfp earned = reward.subtract(FIELD.getOne());
        Dfp goScore = pi[s].negate(), altScore = notPi[s];
        // go: A -> A, C -> A; alt: A -> C, C -> G
        enumerate(0, t + 1, probability.multiply(notPi[s]), earned, s == 0 ? score0.add(goScore) : score0,
                s == 1 ? score1.add(goScore) : score1, pi, notPi, sums);
        enumerate(s + 1, t + 1, probability.multiply(pi[s]), earned, s == 0 ? score0.add(altScore) : score0,
                s == 1 ? score1.add(altScore) : score1, pi, notPi, sums);
    }

    /**
     * Where even 400 digits cannot tell the differences, an error says which component and why: rewards of -1e-300
     * keep J ~ -3e91 within the doubles at q = e^-900, but the values, 1e391 times the differences, would need some
     * 410 digits. At e^-760 the 360 digits it needs are taken.
     */
    @Test
    void aComponentBeyondEveryDigitIsAnError() {
        ExactObjective loop = loop("", "-1e-300");
        EvalError error = assertThrows(EvalError.class, () -> loop.evaluate(new double[] {0, -900}));
        assertTrue(error.getMessage().startsWith("dJ / dtheta[0] on the task 'loop' is lost to cancellation: the "
                + "differences of action values its terms take are lost in the rounding of 40-digit arithmetic, as "
                + "happens where the policy rarely leaves a set of states, whose values then differ by far less than "
                + "they are; telling them needs the solve in about 4"), error.getMessage());
        assertTrue(error.getMessage().endsWith("-digit arithmetic, beyond the 400 digits it goes to; dJ / dtheta[0] is "
                + "not computed"), error.getMessage());
        ObjectiveResult result = loop.evaluate(new double[] {0, -760});
        Dfp dJ = FIELD.getOne().divide(sigmoid(-760)).multiply(FIELD.newDfp(new BigDecimal(1e-300).toString()));
        assertClose(dJ, result.gradient()[0], 1e-12, "dJ / dtheta[0]");
        assertTrue(result.method().contains("in 40-digit arithmetic, as pi(alt | C) = "), result.method());
        assertTrue(result.method().contains("gradient by the policy gradient theorem in 360-digit arithmetic"),
                result.method());
    }

    /**
     * More digits cost more, so the solve takes fewer states with them: behind a chain of 100 states, the loop's
     * 102-state system is too large for the 160 digits q = e^-300 needs (at most 79), and the error says so; at
     * e^-30, 40 digits do.
     */
    @Test
    void aSystemTooLargeForTheDigitsIsAnError() {
        StringBuilder program = new StringBuilder("""
                state s[102]
                action a in {go, alt}
                param theta[2] = 0
                policy pi(a | s) = categorical(logits = [0, theta[0] * s[100] + theta[1] * s[101]])
                mdp loop {
                  gamma 1
                  start S0
                  terminal G
                """);
        for (int i = 0; i < 100; i++) {
            String next = i < 99 ? "S" + (i + 1) : "A";
            program.append("  S").append(i).append(" go -> ").append(next).append(" reward -1\n");
            program.append("  S").append(i).append(" alt -> ").append(next).append(" reward -1\n");
        }
        program.append("  A go -> A reward -1\n  A alt -> C reward -1\n");
        program.append("  C go -> A reward -1\n  C alt -> G reward -1\n}\n");
        CheckedProgram p = Programs.check(program.toString());
        ExactObjective chain = new ExactObjective(Programs.mdp(p), Policy.of(p));
        EvalError error = assertThrows(EvalError.class, () -> chain.evaluate(new double[] {0, -300}));
        assertEquals("dJ / dtheta[0] on the task 'loop' needs the solve in 160-digit arithmetic, as the differences of "
                + "action values its terms take are lost in the rounding of the doubles, but that solve in 160-digit "
                + "arithmetic takes at most 79 states, and the Bellman system here has 102; dJ / dtheta[0] is not "
                + "computed", error.getMessage());
        Dfp q = sigmoid(-30);
        assertClose(FIELD.getOne().divide(q), chain.evaluate(new double[] {0, -30}).gradient()[0], 1e-12,
                "dJ / dtheta[0]");
    }

    /**
     * Where J does not depend on theta although the actions differ (into B or into C, two copies), every difference
     * of action values is 0, but the doubles cannot tell it from their rounding (they gave -1.1e-16), and no
     * component is there to weigh it against: the digits grow until the rounding is below half the least double,
     * where the gradient is exactly 0 as a double, and the method says so.
     */
    @Test
    void aGradientZeroByASymmetryComesOutZero() {
        CheckedProgram p = Programs.check("""
                state s[3]
                action a in {go, alt}
                param theta[2] = 0
                policy pi(a | s) = categorical(logits = [0, theta[0] * s[0] + theta[1] * s[1]])
                mdp flat {
                  gamma 0.9
                  start A
                  terminal G
                  A go  -> B reward -1
                  A alt -> C reward -1
                  B go  -> {B: 0.5, G: 0.5} reward -1
                  B alt -> {B: 0.5, G: 0.5} reward -1
                  C go  -> {C: 0.5, G: 0.5} reward -1
                  C alt -> {C: 0.5, G: 0.5} reward -1
                }
                """);
        ObjectiveResult result = new ExactObjective(Programs.mdp(p), Policy.of(p)).evaluate(new double[] {0.3, -0.2});
        assertEquals(0, result.gradient()[0], 0);
        assertEquals(0, result.gradient()[1], 0);
        assertTrue(result.method().endsWith("the differences of action values its terms take, which the doubles could "
                + "not tell from their rounding, are all 0"), result.method());
    }
}
