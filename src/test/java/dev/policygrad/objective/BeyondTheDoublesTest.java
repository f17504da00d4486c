package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.math.BigDecimal;
import java.util.function.IntFunction;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact objective where probabilities or values leave the doubles while J and its gradient are doubles
 * (or say what they are), against references computed here in Commons Math's Dfp from the true e^x: plain
 * Gaussian elimination with 500 digits for the short corridor (whose system, at a way out of e^-800, has a
 * condition number near 1e348, which those digits absorb), sums over every trajectory with a horizon, and
 * closed forms. Each of these cases failed before: a probability below e^-745 was 0, so that the corridor
 * never ended; one below 2.2e-308 kept few digits; an action value beyond the doubles made the gradient
 * "-Infinity ... overflowed" or J 0.
 */
class BeyondTheDoublesTest {

    private static final DfpField FIELD = new DfpField(500);

    /** The short corridor (Sutton &amp; Barto 2018, Example 13.1) with every reward {@code reward}. */
    private static String corridor(String gamma, String horizon, String reward) {
        return Programs.CORRIDOR_POLICY + """
                mdp short_corridor {
                  gamma %1$s
                  %2$s
                  start S1
                  terminal G
                  S1 right -> S2 reward %3$s
                  S1 left  -> S1 reward %3$s
                  S2 right -> S1 reward %3$s
                  S2 left  -> S3 reward %3$s
                  S3 right -> G  reward %3$s
                  S3 left  -> S2 reward %3$s
                }
                """.formatted(gamma, horizon, reward);
    }

    private static ExactObjective objective(String program) {
        CheckedProgram p = Programs.check(program);
        return new ExactObjective(Programs.mdp(p), Policy.of(p));
    }

    private static double[] theta(String logits) {
        String[] parts = logits.split(" ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    private static Dfp dfp(double x) {
        return FIELD.newDfp(new BigDecimal(x).toString());
    }

    /** (pi(first), pi(second)) of categorical(logits = theta), from the true exponential. */
    private static Dfp[] softmax(double[] theta) {
        Dfp first = DfpMath.exp(dfp(theta[0])), second = DfpMath.exp(dfp(theta[1]));
        Dfp total = first.add(second);
        return new Dfp[] {first.divide(total), second.divide(total)};
    }

    /**
     * (J, dJ/dp) of the corridor without a horizon at p = pi(right), q = pi(left): V solves
     * (I - gamma P) V = r by Gaussian elimination, and V' = dV/dp solves (I - gamma P) V' = gamma P' V.
     */
    private static Dfp[] corridorReference(Dfp p, Dfp q, double gamma, double reward) {
        Dfp g = dfp(gamma), zero = FIELD.getZero(), one = FIELD.getOne();
        Dfp[][] a = {
            {one.subtract(g.multiply(q)), g.multiply(p).negate(), zero},
            {g.multiply(p).negate(), one, g.multiply(q).negate()},
            {zero, g.multiply(q).negate(), one}};
        Dfp[][] derivative = {{g, g.negate(), zero}, {g.negate(), zero, g}, {zero, g, zero}};
        Dfp r = dfp(reward);
        Dfp[] v = DfpGauss.solve(a, new Dfp[] {r, r, r});
        Dfp[] rhs = new Dfp[3];
        for (int i = 0; i < 3; i++) {
            rhs[i] = zero;
            for (int j = 0; j < 3; j++) rhs[i] = rhs[i].subtract(derivative[i][j].multiply(v[j]));
        }
        return new Dfp[] {v[0], DfpGauss.solve(a, rhs)[0]};
    }

    private static void assertClose(Dfp expected, double actual, double relative, String what) {
        double e = new BigDecimal(expected.toString()).doubleValue();
        assertEquals(e, actual, relative * Math.abs(e), what);
    }

    /**
     * J within the doubles although a probability is not: rewards of -1e-300 with gamma 1 (J ~ -2e-300 e^760),
     * or gamma 0.9, where the way out hardly matters (J ~ -10 r). J and both gradient entries to 1e-14; the
     * gradient's terms weigh the likely action's score, 1 - pi(right) = e^-760, 0 as a double from the tape,
     * by the advantage Q - V, so it is right although that score is lost. At (0, 800) with gamma 0.9 the
     * gradient, about e^-800, rounds to 0.
     */
    @ParameterizedTest
    @CsvSource({"1, -1e-300, 760 0", "1, -1e-300, 0 760", "1, -1e-300, 745 0", "1, -1e-250, 712 3",
            "0.9, -1e300, 760 0", "0.9, -1e300, 745 0", "0.9, -1, 0 800"})
    void aJWithinTheDoublesWhoseProbabilitiesAreNot(double gamma, double reward, String logits) {
        double[] theta = theta(logits);
        ExactObjective exact = objective(corridor(Double.toString(gamma), "", Double.toString(reward)));
        Dfp[] pi = softmax(theta);
        Dfp[] reference = corridorReference(pi[0], pi[1], gamma, reward);
        Dfp gradient = reference[1].multiply(pi[0]).multiply(pi[1]);
        ObjectiveResult result = exact.evaluate(theta);
        assertClose(reference[0], result.J(), 1e-14, "J");
        assertClose(gradient, result.gradient()[0], 1e-14, "dJ / dtheta[0]");
        assertClose(gradient.negate(), result.gradient()[1], 1e-14, "dJ / dtheta[1]");
        assertTrue(result.method().contains("in 40-digit arithmetic, as pi("), result.method());
        assertEquals(result.J(), exact.value(theta), 0);
        assertEquals(result.J(), exact.values(theta).objective(), 0);
        assertArrayEquals(result.gradient(), exact.gradient(theta), 0);
    }

    /**
     * With a horizon of 6 steps: J = sum_tau p(tau) G(tau) and dJ/dtheta_right = sum_tau p(tau) G(tau)
     * (n_right(tau) pi(left) - n_left(tau) pi(right)) over every trajectory, against backward induction in
     * 40-digit arithmetic.
     */
    @ParameterizedTest
    @CsvSource({"1, -1e300, 760 0", "1, -1e300, 0 760", "0.5, -3, 800 0"})
    void aHorizonWithAProbabilityBelowTheDoubles(double gamma, double reward, String logits) {
        double[] theta = theta(logits);
        ExactObjective exact = objective(corridor(Double.toString(gamma), "horizon 6", Double.toString(reward)));
        Dfp[] pi = softmax(theta);
        Dfp[] sums = {FIELD.getZero(), FIELD.getZero()};
        enumerate(1, 0, FIELD.getOne(), FIELD.getZero(), FIELD.getOne(), 0, 0, pi, dfp(gamma), dfp(reward), sums);
        ObjectiveResult result = exact.evaluate(theta);
        assertClose(sums[0], result.J(), 1e-14, "J");
        assertClose(sums[1], result.gradient()[0], 1e-14, "dJ / dtheta[0]");
        assertClose(sums[1].negate(), result.gradient()[1], 1e-14, "dJ / dtheta[1]");
    }

    /** Adds p G and p G (n_right pi(left) - n_left pi(right)) of every trajectory on from corridor state s (1, 2, 3; 4 = G). */
    private static void enumerate(int s, int t, Dfp probability, Dfp reward, Dfp discount, int rights, int lefts, Dfp[] pi,
            Dfp gamma, Dfp r, Dfp[] sums) {
        if (s == 4 || t == 6) {
            sums[0] = sums[0].add(probability.multiply(reward));
            Dfp score = pi[1].multiply(rights).subtract(pi[0].multiply(lefts));
            sums[1] = sums[1].add(probability.multiply(reward).multiply(score));
            return;
        }
        int[] right = {0, 2, 1, 4}, left = {0, 1, 3, 2};
        Dfp earned = reward.add(discount.multiply(r));
        enumerate(right[s], t + 1, probability.multiply(pi[0]), earned, discount.multiply(gamma), rights + 1, lefts, pi,
                gamma, r, sums);
        enumerate(left[s], t + 1, probability.multiply(pi[1]), earned, discount.multiply(gamma), rights, lefts + 1, pi,
                gamma, r, sums);
    }

    /** go and alt from A, with pi(alt) = e^u / (1 + e^u), u = theta[1] - theta[0]. */
    private static final String GO_ALT = """
            action a in {go, alt}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            """;

    /**
     * An action value beyond the doubles where J and the gradient are not: from A, alt (probability e^-700 or
     * e^-20) leads through 2e308 of rewards, in one step after another (B's value is 1e308, alt's Q 2e308) or
     * in two (B's value 2e308 itself), with and without a horizon. J = pi(alt) 2e308 and dJ/dtheta_alt =
     * pi(alt) pi(go) 2e308 = -dJ/dtheta_go (Q(go) = 0). The gradient was "-Infinity ... overflowed" where only
     * Q overflowed, and J was 0 where V did (the rewards scaled by 2^-1279, which took J below the doubles);
     * now the rewards are scaled by the least power of two that brings the values within the doubles.
     */
    @ParameterizedTest
    @CsvSource({"'A alt -> B reward 1e308\n  B go -> G reward 1e308\n  B alt -> G reward 1e308', ''",
            "'A alt -> B reward 1e308\n  B go -> G reward 1e308\n  B alt -> G reward 1e308', 'horizon 3'",
            "'A alt -> B reward 0\n  B go -> C reward 1e308\n  B alt -> C reward 1e308\n  C go -> G reward 1e308\n  C alt -> G reward 1e308', ''",
            "'A alt -> B reward 0\n  B go -> C reward 1e308\n  B alt -> C reward 1e308\n  C go -> G reward 1e308\n  C alt -> G reward 1e308', 'horizon 3'"})
    void anActionValueBeyondTheDoubles(String transitions, String horizon) {
        ExactObjective exact = objective(GO_ALT + """
                mdp flow {
                  gamma 1
                  %s
                  start A
                  terminal G
                  A go -> G reward 0
                  %s
                }
                """.formatted(horizon, transitions));
        for (double[] theta : new double[][] {{0, -700}, {0, -20}, {3, 1}}) {
            Dfp[] pi = softmax(theta);
            Dfp twice = dfp(1e308).multiply(2);
            ObjectiveResult result = exact.evaluate(theta);
            assertClose(pi[1].multiply(twice), result.J(), 1e-14, "J");
            assertClose(pi[0].multiply(pi[1]).multiply(twice).negate(), result.gradient()[0], 1e-14, "dJ / dtheta[0]");
            assertClose(pi[0].multiply(pi[1]).multiply(twice), result.gradient()[1], 1e-14, "dJ / dtheta[1]");
            assertEquals(result.J(), exact.value(theta), 0);
        }
    }

    /**
     * Values more than the doubles span (2^2046) above J: alt, of probability eps = e^-690 / (1 + e^-690), three
     * times running leads to D, worth 1e308 (1 - eps) / eps ~ 3e607, so J = 1e308 eps^2 (1 - eps) ~ 1e-291. No
     * one scale holds both, and the solve goes to 40-digit arithmetic, which says so; dJ/dtheta_alt =
     * 1e308 (2 eps - 3 eps^2) eps (1 - eps).
     */
    @Test
    void valuesTooFarAboveJForTheDoubles() {
        ExactObjective exact = objective(GO_ALT + """
                mdp deep {
                  gamma 1
                  start A
                  terminal G
                  A go -> G reward 0
                  A alt -> B reward 0
                  B go -> G reward 0
                  B alt -> C reward 0
                  C go -> G reward 0
                  C alt -> D reward 0
                  D go -> D reward 1e308
                  D alt -> G reward 0
                }
                """);
        double[] theta = {0, -690};
        Dfp[] pi = softmax(theta);
        Dfp eps = pi[1], big = dfp(1e308);
        ObjectiveResult result = exact.evaluate(theta);
        assertClose(big.multiply(eps).multiply(eps).multiply(pi[0]), result.J(), 1e-14, "J");
        Dfp alt = big.multiply(eps.multiply(2).subtract(eps.multiply(eps).multiply(3))).multiply(eps).multiply(pi[0]);
        assertClose(alt, result.gradient()[1], 1e-14, "dJ / dtheta[1]");
        assertClose(alt.negate(), result.gradient()[0], 1e-14, "dJ / dtheta[0]");
        assertTrue(result.method().contains("in 40-digit arithmetic, as J is more than 2^2046 times smaller than action "
                + "values it depends on"), result.method());
    }

    /** A chain of {@code states} states, S0 .. S{n-1}, each going right or staying, ending in G. */
    private static String chain(int states, String horizon) {
        StringBuilder mdp = new StringBuilder(Programs.CORRIDOR_POLICY + "mdp chain {\n  gamma 1\n  " + horizon
                + "\n  start S0\n  terminal G\n");
        for (int s = 0; s < states; s++) {
            mdp.append("  S").append(s).append(" right -> ").append(s + 1 < states ? "S" + (s + 1) : "G").append(" reward -1\n");
            mdp.append("  S").append(s).append(" left -> S").append(s).append(" reward -1\n");
        }
        return mdp.append("}\n").toString();
    }

    /** The 40-digit solve is for small MDPs: beyond its size, and below its range, an error says so before any work. */
    @Test
    void theWideSolveHasLimits() {
        EvalError large = assertThrows(EvalError.class, () -> objective(chain(WideSolve.MAX_STATES + 1, "")).evaluate(new double[] {0, 760}));
        assertTrue(large.getMessage().startsWith("J on the task 'chain' needs the solve in 40-digit arithmetic, as pi(right | "
                + "S0) = 8.633636377213886"), large.getMessage());
        assertTrue(large.getMessage().endsWith(" is below the doubles, but that solve takes at most 200 states, and the Bellman "
                + "system here has 201; J is not computed"), large.getMessage());
        assertEquals(-WideSolve.MAX_STATES * (1 + Math.exp(-760)),
                objective(chain(WideSolve.MAX_STATES, "")).value(new double[] {760, 0}), 1e-9);
        EvalError lengthy = assertThrows(EvalError.class, () -> objective(chain(20, "horizon 30000")).evaluate(new double[] {0, 760}));
        assertTrue(lengthy.getMessage().endsWith(" is below the doubles, but that solve takes at most 1000000 steps times "
                + "transitions, and here they are 30000 x 40; J is not computed"), lengthy.getMessage());
        EvalError deep = assertThrows(EvalError.class, () -> objective(corridor("1", "", "-1")).evaluate(new double[] {4e5, 0}));
        assertTrue(deep.getMessage().startsWith("pi(left | S1) = "), deep.getMessage());
        assertTrue(deep.getMessage().endsWith("e-173718 (log pi = -400000) is below the range even of the 40-digit "
                + "arithmetic that J then needs (e^-300000); J is not computed"), deep.getMessage());
    }
}
