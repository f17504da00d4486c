package dev.policygrad.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.objective.ExactObjective;
import dev.policygrad.rollout.Trajectories;
import dev.policygrad.rollout.Trajectory;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Exact expectations of the estimators over every trajectory of random finite MDPs (2-5 states and a
 * terminal one, 2-3 actions, random transitions and rewards, horizon 1-4) under random linear softmax
 * policies: steps (9) and (11) are unbiased, the missing discount is not, and baselines change nothing.
 * The reference is the 6-point central finite-difference gradient of the exact J (env's
 * ExactObjective), computed from J alone, so it is independent of every score and estimator.
 */
class ExactExpectationProperties {

    /** |x_j - y_j| &lt;= tol * max(1, max_i |y_i|) for every j. */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double scale = 1;
        for (double y : expected) scale = Math.max(scale, Math.abs(y));
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], tol * scale, what + " component " + j);
        }
    }

    private static double[] exact(Programs.Case c, Estimator estimator, StepBaseline baseline) {
        ExactExpectation e = ExactExpectation.over(c.mdp(), estimator, baseline, c.policy(), c.theta());
        assertEquals(1, e.totalProbability(), 1e-12);
        return e.expectation();
    }

    @Property(tries = 60, seed = "7301")
    void steps9And11AreUnbiased(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 4) int horizon) {
        Programs.Case c = Programs.of(RandomMdps.program(seed, states, actions, gamma, horizon));
        double[] reference = new ExactObjective(c.mdp(), c.policy()).finiteDifferenceGradient(c.theta());
        assertClose(reference, exact(c, Estimator.of(EstimatorKind.TOTAL_RETURN), StepBaseline.ZERO), 1e-6,
                "step (9)");
        assertClose(reference, exact(c, Estimator.of(EstimatorKind.REWARD_TO_GO), StepBaseline.ZERO), 1e-6,
                "step (11)");
    }

    /**
     * Without gamma^t the estimator's expectation is off by sum_t (1 - gamma^t) E[grad log pi_t G_t]
     * (Nota &amp; Thomas 2020): nonzero when gamma &lt; 1 and episodes last beyond one step, zero at gamma = 1.
     */
    @Property(tries = 40, seed = "7302")
    void missingDiscountIsBiasedExactlyWhenGammaIsBelowOne(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 5) int states, @ForAll @IntRange(min = 2, max = 3) int actions,
            @ForAll @DoubleRange(min = 0.5, max = 0.9) double gamma, @ForAll @IntRange(min = 2, max = 4) int horizon) {
        Programs.Case c = Programs.of(RandomMdps.program(seed, states, actions, gamma, horizon));
        double longer = 0;
        for (Trajectory tau : Trajectories.enumerate(c.mdp(), c.policy().newEvaluator(), c.theta())) {
            if (tau.length() >= 2) longer += tau.probability();
        }
        Assume.that(longer > 0.05);
        double[] reference = new ExactObjective(c.mdp(), c.policy()).finiteDifferenceGradient(c.theta());
        double[] biased = exact(c, Estimator.of(EstimatorKind.MISSING_DISCOUNT), StepBaseline.ZERO);
        double worst = 0;
        double scale = 1;
        for (int j = 0; j < reference.length; j++) {
            worst = Math.max(worst, Math.abs(biased[j] - reference[j]));
            scale = Math.max(scale, Math.abs(reference[j]));
        }
        assertTrue(worst > 1e-4 * scale, "missing-discount matched grad J to " + worst);

        Programs.Case undiscounted = Programs.of(RandomMdps.program(seed, states, actions, 1, horizon));
        double[] gradient = new ExactObjective(undiscounted.mdp(), undiscounted.policy())
                .finiteDifferenceGradient(undiscounted.theta());
        assertClose(gradient, exact(undiscounted, Estimator.of(EstimatorKind.MISSING_DISCOUNT), StepBaseline.ZERO),
                1e-6, "missing-discount at gamma = 1");
    }

    /**
     * Fixed baselines (the batch mean or the least-squares value fitted on a sampled batch, and a random
     * linear b(s)) leave E[g] unchanged, and their own term sum_tau p sum_t c_t b_t grad log pi is 0.
     */
    @Property(tries = 30, seed = "7303")
    void baselinesLeaveTheExpectationUnchanged(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 4) int horizon) {
        Programs.Case c = Programs.of(RandomMdps.program(seed, states, actions, gamma, horizon));
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[states + 1];
        for (int j = 0; j <= states; j++) w[j] = 10 * random.nextDouble() - 5;
        Batch batch = new Batch(200, seed, 1);
        for (EstimatorKind kind : new EstimatorKind[] {EstimatorKind.REWARD_TO_GO, EstimatorKind.MISSING_DISCOUNT}) {
            double[] plain = exact(c, Estimator.of(kind), StepBaseline.ZERO);
            StepBaseline[] baselines = {
                new Estimator(kind, BaselineKind.MEAN).frozenBaseline(c.policy(), c.mdp(), c.theta(), batch),
                new Estimator(kind, BaselineKind.VALUE).frozenBaseline(c.policy(), c.mdp(), c.theta(), batch),
                StepBaseline.linear(w)};
            for (StepBaseline b : baselines) {
                ExactExpectation e = ExactExpectation.over(c.mdp(), new Estimator(kind, BaselineKind.MEAN), b,
                        c.policy(), c.theta());
                assertClose(plain, e.expectation(), 1e-9, kind.label() + " with a baseline");
                assertClose(new double[plain.length], e.baselineTerm(), 1e-9, kind.label() + " baseline term");
            }
        }
    }
}
