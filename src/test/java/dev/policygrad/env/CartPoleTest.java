package dev.policygrad.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CartPoleTest {

    /**
     * From rest, pushing right: temp = F / M = 100/11, the denominator l (4/3 - m_p / M) = 41/66, so
     * angle_acc = -600/41 and x_acc = 100/11 + (m_p l / M)(600/41) = 4400/451; after tau = 0.02,
     * x_dot = 88/451 and angle_dot = -12/41, positions unchanged (Euler uses the old velocities).
     */
    @Test
    void stepFromRestByHand() {
        double[] state = {0, 0, 0, 0};
        CartPole.step(state, 1);
        assertArrayEquals(new double[] {0, 88.0 / 451, 0, -12.0 / 41}, state, 1e-15);
    }

    /** The same equations evaluated independently (Python, Gymnasium's formulas) at a tilted state. */
    @Test
    void stepFromATiltedState() {
        double[] state = {0.1, -0.2, 0.05, 0.3};
        CartPole.step(state, 0);
        assertArrayEquals(new double[] {0.096, -0.3957976546439626, 0.056, 0.6080233136061515}, state, 1e-15);
    }

    @Test
    void terminationBounds() {
        assertFalse(CartPole.failed(new double[] {2.4, 0, 0.2094, 0}));
        assertTrue(CartPole.failed(new double[] {2.4001, 0, 0, 0}));
        assertTrue(CartPole.failed(new double[] {0, 0, -0.2095, 0}));
        assertEquals(0.20943951023931953, CartPole.ANGLE_LIMIT, 1e-17);
    }

    /** Always pushing right from a fixed-seed start, the pole falls after 10 steps, each rewarded 1. */
    @Test
    void fixedSeedRolloutLength() {
        CheckedProgram program = Programs.check("""
                state s[4]
                action a in {left, right}
                param b[2] = [0, 60]
                policy pi(a | s) = categorical(logits = b)
                env cartpole
                """);
        Environment env = program.environment();
        Evaluator evaluator = Policy.of(program).newEvaluator();
        double[] theta = {0, 60};
        Environment.Simulator sim = env.newSimulator();
        SplittableRandom random = EpisodeSeeds.random(7, 0);
        double[] s = new double[4];
        sim.reset(random, s);
        for (double v : s) assertTrue(Math.abs(v) <= 0.05);
        double total = 0;
        int steps = 0;
        while (steps < env.horizon()) {
            total += sim.step(evaluator.sample(theta, s, random), random, s);
            steps++;
            if (sim.terminal()) break;
        }
        assertEquals(10, steps);
        assertEquals(10, total);
        assertTrue(s[2] < -CartPole.ANGLE_LIMIT, "pushed right, the pole falls to the left");
        assertEquals(500, env.horizon());
        assertEquals(1, env.gamma());
    }
}
