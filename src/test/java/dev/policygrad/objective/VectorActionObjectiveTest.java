package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.Environment;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EpisodeRecord;
import dev.policygrad.estimate.EpisodeSampler;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A vector action a[2] through the rollouts: a formula environment stepping as a hand computation
 * says, the Monte Carlo J and its common-random-number gradient against the closed form of a
 * one-step task, the same bits on one thread and two, and episode files that read back.
 */
class VectorActionObjectiveTest {

    /**
     * One step from s = [1, -1]: reward -(a_0 - 1)^2 - 2 (a_1 + 0.5)^2 with a ~ N(m, diag(sd^2)), so
     * J = -((m_0 - 1)^2 + sd_0^2) - 2 ((m_1 + 0.5)^2 + sd_1^2) in closed form.
     */
    private static final String ONE_STEP = """
            state s[2]
            action a[2] : real
            param m[2] = [0.2, 0.4]
            param log_std[2] = [-0.5, 0.1]
            policy pi(a | s) = normal(mean = m, std = exp(log_std))
            env target {
              horizon 1
              start = [1, -1]
              next = s + a
              reward = -(a[0] - s[0]) ^ 2 - 2 * (a[1] - s[1] / 2) ^ 2
            }
            """;

    private static CheckedProgram check(String text) {
        return Checker.check(Parser.parse("test.pg", text));
    }

    /** next = s + 0.1 a + [a[1], 0], reward = a . a - s[0]: two steps computed by hand. */
    @Test
    void formulaEnvironmentStepsWithBothComponents() {
        CheckedProgram program = check("""
                state s[2]
                action a[2] : real
                param m[2] = 0
                policy pi(a | s) = normal(mean = m, std = 1)
                env e {
                  horizon 5
                  start = [1, 2]
                  next = [s[0] + 0.1 * a[0] + a[1], s[1] + 0.1 * a[1]]
                  reward = sum(a * a) - s[0]
                  done = s[1] > 2.5
                }
                """);
        Environment.Simulator sim = program.environment().newSimulator();
        SplittableRandom random = new SplittableRandom(1);
        double[] s = new double[2];
        sim.reset(random, s);
        assertArrayEquals(new double[] {1, 2}, s);
        // a = (0.3, -0.2): s = (1 + 0.03 - 0.2, 2 - 0.02), r = 0.09 + 0.04 - 1
        assertEquals(0.09 + 0.04 - 1, sim.step(new double[] {9, 0.3, -0.2}, 1, random, s), 1e-15);
        assertArrayEquals(new double[] {1 + 0.03 - 0.2, 2 - 0.02}, s, 1e-15);
        assertTrue(!sim.terminal());
        // a = (-1, 6): s = (0.83 - 0.1 + 6, 1.98 + 0.6) ends the episode (s[1] > 2.5), r = 1 + 36 - 0.83
        assertEquals(1 + 36 - 0.83, sim.step(new double[] {-1, 6}, 0, random, s), 1e-13);
        assertArrayEquals(new double[] {0.83 - 0.1 + 6, 1.98 + 0.6}, s, 1e-13);
        assertTrue(sim.terminal());
    }

    @Test
    void monteCarloGradientWithCommonRandomNumbersIsTheClosedForm() {
        CheckedProgram program = check(ONE_STEP);
        Policy policy = Policy.of(program);
        double[] theta = policy.initialParameters(0);
        double m0 = 0.2, m1 = 0.4, sd0 = Math.exp(-0.5), sd1 = Math.exp(0.1);
        double j = -((m0 - 1) * (m0 - 1) + sd0 * sd0) - 2 * ((m1 + 0.5) * (m1 + 0.5) + sd1 * sd1);
        double[] gradient = {-2 * (m0 - 1), -4 * (m1 + 0.5), -2 * sd0 * sd0, -4 * sd1 * sd1};
        Task task = Task.of(policy, program.environment());
        ObjectiveResult one = new MonteCarloObjective(task, new Rollouts(1)).evaluate(theta, 20_000, 3);
        ObjectiveResult two = new MonteCarloObjective(task, new Rollouts(2)).evaluate(theta, 20_000, 3);
        assertEquals(Double.doubleToLongBits(one.J()), Double.doubleToLongBits(two.J()));
        assertArrayEquals(one.gradient(), two.gradient(), 0);
        assertEquals(j, one.J(), 5 * one.standardError());
        for (int i = 0; i < gradient.length; i++) {
            assertEquals(gradient[i], one.gradient()[i], 5 * one.gradientError(), "component " + i);
        }
    }

    /**
     * A policy past {@link dev.policygrad.rollout.Episode#MAX_SCORED_PARAMETERS} parameters keeps no
     * per-step scores, so the estimator scores each stored a_t again from the episode's flat action
     * array; its batch mean equals the same estimator summed here from the episode records (scored
     * one step at a time), to rounding.
     */
    @Test
    void largePoliciesRescoreVectorActionsFromTheEpisode() {
        CheckedProgram program = check("""
                state s[600]
                action a[2] : real
                param W[2][600] = 0.001
                param log_std[2] = [-0.5, 0.2]
                policy pi(a | s) = normal(mean = W @ s, std = exp(log_std))
                env wide {
                  gamma 0.9
                  horizon 4
                  start = ones(600) * uniform(0, 1)
                  next = s * 0.9 + 0.1 * a[0] - 0.05 * a[1]
                  reward = -sum(a * a) - s[0]
                }
                """);
        Policy policy = Policy.of(program);
        assertTrue(policy.parameters().size() > dev.policygrad.rollout.Episode.MAX_SCORED_PARAMETERS);
        double[] theta = policy.initialParameters(0);
        Batch batch = new Batch(6, 8, 1);
        double[] mean = new dev.policygrad.estimate.Estimator(dev.policygrad.estimate.EstimatorKind.REWARD_TO_GO,
                dev.policygrad.estimate.BaselineKind.NONE).estimate(policy, program.environment(), theta, batch).mean();
        double[] expected = new double[theta.length];
        for (EpisodeRecord e : EpisodeSampler.sample(policy, program.environment(), theta, batch)) {
            for (int t = 0; t < e.length(); t++) {
                double w = Math.pow(0.9, t) * e.returnsToGo()[t] / batch.episodes();
                double[] score = e.score(t);
                for (int i = 0; i < theta.length; i++) expected[i] += w * score[i];
            }
        }
        for (int i = 0; i < theta.length; i++) {
            assertEquals(expected[i], mean[i], 1e-9 * (1 + Math.abs(expected[i])), "theta " + i);
        }
    }

    /** Episodes with vector actions go to JSON lines (each action a list) and read back with the same scores. */
    @Test
    void episodeFilesCarryVectorActions() {
        CheckedProgram program = check(ONE_STEP.replace("horizon 1", "horizon 4"));
        Policy policy = Policy.of(program);
        double[] theta = policy.initialParameters(0);
        EpisodeFile file = new EpisodeFile(policy, program.environment(), theta);
        List<EpisodeRecord> sampled = EpisodeSampler.sample(policy, program.environment(), theta, new Batch(20, 5, 2));
        StringBuilder text = new StringBuilder();
        for (EpisodeRecord e : sampled) text.append(file.line(e)).append('\n');
        assertTrue(text.toString().contains("\"actions\":[["), text.toString());
        List<EpisodeFile.Read> read = file.readAll("e.jsonl", text.toString());
        for (int i = 0; i < sampled.size(); i++) {
            EpisodeRecord a = sampled.get(i), b = read.get(i).episode();
            assertEquals(4, b.length());
            assertEquals(2, b.actionSize());
            assertArrayEquals(a.actions(), b.actions());
            assertArrayEquals(a.scores(), b.scores());
            assertArrayEquals(a.returnsToGo(), b.returnsToGo());
        }
        String bad = text.toString().lines().findFirst().orElseThrow().replaceFirst("\"actions\":\\[\\[([^,]*),", "\"actions\":[[");
        var error = org.junit.jupiter.api.Assertions.assertThrows(dev.policygrad.diag.UsageError.class,
                () -> file.readAll("e.jsonl", bad));
        assertTrue(error.getMessage().contains("field \"actions[0]\" must be a list of 2 numbers (the components of a[2])"),
                error.getMessage());
    }
}
