package dev.policygrad.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.CheckError;
import dev.policygrad.objective.ExactObjective;
import dev.policygrad.ast.AstPrinter;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rewards per outcome and random rewards in mdp blocks, and integer action sets. */
class RewardsPerOutcomeTest {

    private static final String COIN = """
            action a in {0, 1}
            param w = 0.3
            policy pi(a | s) = bernoulli(p = sigmoid(w))
            mdp coin {
              gamma 0.9
              start A
              terminal T
              A 1 -> {T: 0.8 reward 10, A: 0.2 reward -1}
              A 0 -> A reward {1: 0.3, 0: 0.7}
            }
            """;

    /**
     * One state: V = p (0.8 * 10 + 0.2 * (-1) + 0.9 * 0.2 V) + (1 - p) (0.3 + 0.9 V), solved by hand
     * for V with p = sigmoid(w); the engine sees only the expected rewards.
     */
    @Test
    void exactValueUsesTheExpectedReward() {
        CheckedProgram program = Programs.check(COIN);
        FiniteMdp mdp = Programs.mdp(program);
        double p = 1 / (1 + Math.exp(-0.3));
        double value = (p * 7.8 + (1 - p) * 0.3) / (1 - 0.9 * (0.2 * p + (1 - p)));
        Policy policy = Policy.of(program);
        assertEquals(value, new ExactObjective(mdp, policy).value(policy.initialParameters(0)), 1e-12);
        assertEquals(7.8, mdp.reward(0, 1), 1e-15);
        assertEquals(0.3, mdp.reward(0, 0), 1e-15);
        assertTrue(mdp.rewardsVary());
    }

    /** Episodes draw the reward: the mean of many first rewards matches its expectation within 5 standard errors. */
    @Test
    void simulationDrawsRandomRewards() {
        FiniteMdp mdp = Programs.mdp(Programs.check(COIN.replace("A 1 -> {T: 0.8 reward 10, A: 0.2 reward -1}",
                "A 1 -> A reward normal(2, 3)")));
        Environment.Simulator sim = mdp.newSimulator();
        SplittableRandom random = new SplittableRandom(11);
        double[] observation = new double[Math.max(1, mdp.observationSize())];
        int n = 40_000;
        double sum0 = 0, sum1 = 0, sumSquares1 = 0;
        for (int i = 0; i < n; i++) {
            sim.reset(random, observation);
            sum0 += sim.step(0, random, observation);
            sim.reset(random, observation);
            double r = sim.step(1, random, observation);
            sum1 += r;
            sumSquares1 += r * r;
        }
        // {1: 0.3, 0: 0.7}: mean 0.3, std sqrt(0.21)
        assertEquals(0.3, sum0 / n, 5 * Math.sqrt(0.21 / n));
        assertEquals(2, sum1 / n, 5 * 3 / Math.sqrt(n));
        assertEquals(9, sumSquares1 / n - Math.pow(sum1 / n, 2), 9 * 5 * Math.sqrt(2.0 / n));
    }

    /** The reward a step pays is that of the outcome it moved to. */
    @Test
    void rewardFollowsTheOutcome() {
        FiniteMdp mdp = Programs.mdp(Programs.check(COIN));
        Environment.Simulator sim = mdp.newSimulator();
        SplittableRandom random = new SplittableRandom(5);
        double[] observation = new double[Math.max(1, mdp.observationSize())];
        int toT = 0, n = 2000;
        for (int i = 0; i < n; i++) {
            sim.reset(random, observation);
            double r = sim.step(1, random, observation);
            if (sim.terminal()) {
                assertEquals(10, r);
                toT++;
            } else {
                assertEquals(-1, r);
            }
        }
        assertEquals(0.8, toT / (double) n, 5 * Math.sqrt(0.16 / n));
    }

    @Test
    void printsBackAsWritten() {
        String printed = AstPrinter.print(Parser.parse("t.pg", COIN));
        assertTrue(printed.contains("A 1 -> {T: 0.8 reward 10, A: 0.2 reward -1}"), printed);
        assertTrue(printed.contains("A 0 -> A reward {1: 0.3, 0: 0.7}"), printed);
        assertEquals(printed, AstPrinter.print(Parser.parse("t.pg", printed)));
    }

    @Test
    void anOutcomeWithoutRewardIsAnError() {
        CheckError e = assertThrows(CheckError.class, () -> Programs.mdp(Programs.check(
                COIN.replace("A: 0.2 reward -1", "A: 0.2"))));
        assertTrue(e.getMessage().contains("has no reward"), e.getMessage());
        CheckError line = assertThrows(CheckError.class, () -> Programs.mdp(Programs.check(
                COIN.replace("A 0 -> A reward {1: 0.3, 0: 0.7}", "A 0 -> A"))));
        assertEquals("test.pg:9:3: error: the transition A 0 has no reward; write 'A 0 -> A reward R'", line.toString());
        CheckError std = assertThrows(CheckError.class, () -> Programs.mdp(Programs.check(
                COIN.replace("reward {1: 0.3, 0: 0.7}", "reward normal(1, 0)"))));
        assertTrue(std.getMessage().contains("std must be positive"), std.getMessage());
        CheckError sum = assertThrows(CheckError.class, () -> Programs.mdp(Programs.check(
                COIN.replace("reward {1: 0.3, 0: 0.7}", "reward {1: 0.3, 0: 0.6}"))));
        assertTrue(sum.getMessage().contains("sum to"), sum.getMessage());
    }

    /** In {@code action a in {-1, 1}}, {@code a} is the integer written, and mdp lines name actions by it. */
    @Test
    void integerActionSets() {
        CheckedProgram program = Programs.check("""
                action a in {-1, 1}
                param k = 0.7
                policy log pi(a | s) = k * a - log(exp(k) + exp(-k))
                mdp m {
                  start A
                  terminal T
                  A -1 -> A reward 1
                  A 1 -> T reward 2
                }
                """);
        Policy policy = Policy.of(program);
        double[] theta = policy.initialParameters(0);
        var evaluator = policy.newEvaluator();
        double z = Math.exp(0.7) + Math.exp(-0.7);
        assertEquals(-0.7 - Math.log(z), evaluator.logPi(theta, null, 0), 1e-15);
        assertEquals(0.7 - Math.log(z), evaluator.logPi(theta, null, 1), 1e-15);
        FiniteMdp mdp = Programs.mdp(program);
        assertEquals(2, mdp.reward(0, program.actions().indexOf("1")));
        assertEquals("{-1, 1}", program.actions().describe());
        assertEquals("0..1", Programs.check("action a in {0, 1}\n").actions().describe());
        CheckError twice = assertThrows(CheckError.class, () -> Programs.check("action a in {1, 1}\n"));
        assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
    }
}
