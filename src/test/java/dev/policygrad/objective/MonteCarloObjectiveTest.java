package dev.policygrad.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.Environments;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Policy;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class MonteCarloObjectiveTest {

    private final CheckedProgram program = Programs.check("""
            state s[4]
            action a in {left, right}
            param W[2][4] = [[0, 0, -1, -1], [0, 0, 1, 1]]
            policy pi(a | s) = categorical(logits = W @ s)
            env cartpole(gamma = 0.99)
            """);
    private final MonteCarloObjective objective =
            new MonteCarloObjective(program.environment(), Policy.of(program));
    private final double[] theta = Policy.of(program).initialParameters(0);

    /** Each episode's stream depends on (seed, index) only: one thread and three give the same bits. */
    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        ObjectiveResult one = new ForkJoinPool(1).submit(() -> objective.evaluate(theta, 150, 9)).get();
        ObjectiveResult three = new ForkJoinPool(3).submit(() -> objective.evaluate(theta, 150, 9)).get();
        assertEquals(one.J(), three.J(), 0);
        assertEquals(one.standardError(), three.standardError(), 0);
        assertArrayEquals(one.gradient(), three.gradient(), 0);
    }

    /** Discounted returns of at most 500 steps of reward 1 lie in [1, (1 - 0.99^500) / 0.01]. */
    @Test
    void valueIsADiscountedReturn() {
        MonteCarloObjective.ReturnEstimate j = objective.value(theta, 100, 2);
        assertTrue(j.mean() >= 1 && j.mean() <= (1 - Math.pow(0.99, 500)) / 0.01, "J = " + j.mean());
        assertEquals(j.mean(), objective.evaluate(theta, 100, 2).J(), 0);
        assertEquals(0, j.cutAtCap());
    }
}
