package dev.policygrad.objective;

import dev.policygrad.rollout.Trajectory;
import dev.policygrad.rollout.Trajectories;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Random finite MDPs (2-5 states plus a terminal one, 2-3 actions, random stochastic transitions and
 * rewards) under a random linear softmax policy over the one-hot state: the exact J by backward
 * induction equals sum_tau p(tau) G(tau) over the enumerated trajectories, and the two exact gradients
 * (policy gradient theorem, high-order finite differences of J) agree.
 */
class RandomMdpProperties {

    @Property(tries = 60, seed = "20240611")
    void backwardInductionEqualsTrajectorySum(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
            @ForAll @IntRange(min = 1, max = 4) int horizon) {
        CheckedProgram program = Programs.check(RandomMdps.program(seed, states, actions, gamma, horizon));
        FiniteMdp mdp = Programs.mdp(program);
        Policy policy = Policy.of(program);
        double[] theta = policy.initialParameters(0);
        List<Trajectory> all = Trajectories.enumerate(mdp, policy.newEvaluator(), theta);
        double expected = 0;
        double total = 0;
        for (Trajectory tau : all) {
            expected += tau.probability() * tau.discountedReturn(gamma);
            total += tau.probability();
        }
        assertEquals(1, total, 1e-12);
        ExactObjective objective = new ExactObjective(mdp, policy);
        assertEquals(expected, objective.value(theta), 1e-10);
        assertArrayEquals(objective.finiteDifferenceGradient(theta), objective.gradient(theta), 1e-8);
    }

    @Property(tries = 40, seed = "20240612")
    void linearSolveGradientMatchesFiniteDifferences(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 5) int states, @ForAll @IntRange(min = 2, max = 3) int actions,
            @ForAll @DoubleRange(min = 0.5, max = 0.95) double gamma) {
        CheckedProgram program = Programs.check(RandomMdps.program(seed, states, actions, gamma, 0));
        Policy policy = Policy.of(program);
        ExactObjective objective = new ExactObjective(Programs.mdp(program), policy);
        double[] theta = policy.initialParameters(0);
        double[] gradient = objective.gradient(theta);
        double[] check = objective.finiteDifferenceGradient(theta);
        for (int i = 0; i < gradient.length; i++) {
            assertEquals(check[i], gradient[i], 1e-8 * Math.max(1, Math.abs(check[i])));
        }
    }

    /**
     * {@link ExactObjective#values} (the {@code table} command's V(s)) solves a system that may hold more
     * states than J's, yet gives J bit for bit, also for nearly deterministic policies (theta scaled up).
     */
    @Property(tries = 40, seed = "20240613")
    void stateValuesGiveTheObjectivesJExactly(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int states,
            @ForAll @IntRange(min = 2, max = 3) int actions, @ForAll @DoubleRange(min = 0.5, max = 0.99) double gamma,
            @ForAll @IntRange(min = 0, max = 3) int horizon, @ForAll @DoubleRange(min = 1, max = 60) double scale) {
        CheckedProgram program = Programs.check(RandomMdps.program(seed, states, actions, gamma, horizon));
        Policy policy = Policy.of(program);
        ExactObjective objective = new ExactObjective(Programs.mdp(program), policy);
        double[] theta = policy.initialParameters(0);
        for (int i = 0; i < theta.length; i++) theta[i] *= scale;
        ExactObjective.StateValues values = objective.values(theta);
        assertEquals(objective.value(theta), values.objective(), 0);
        assertEquals(objective.evaluate(theta).J(), values.objective(), 0);
    }
}
