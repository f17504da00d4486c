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

    /**
     * Gymnasium's CartPoleEnv.step written out in the order its Python evaluates it:
     * {@code polemass_length * theta_dot**2 * sintheta} is (m_p l * theta_dot^2) * sin, and
     * {@code masspole * costheta**2 / total_mass} is (m_p * cos^2) / M.
     */
    private static void gymnasiumStep(double[] s, int action) {
        double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
        double force = action == 1 ? 10.0 : -10.0;
        double costheta = Math.cos(theta), sintheta = Math.sin(theta);
        double thetaDotSquared = thetaDot * thetaDot;
        double costhetaSquared = costheta * costheta;
        double temp = (force + 0.05 * thetaDotSquared * sintheta) / 1.1;
        double thetaacc = (9.8 * sintheta - costheta * temp) / (0.5 * (4.0 / 3.0 - 0.1 * costhetaSquared / 1.1));
        double xacc = temp - 0.05 * thetaacc * costheta / 1.1;
        s[0] = x + 0.02 * xDot;
        s[1] = xDot + 0.02 * xacc;
        s[2] = theta + 0.02 * thetaDot;
        s[3] = thetaDot + 0.02 * thetaacc;
    }

    /** Fifty 500-step episodes of random actions replayed through both: identical bits at every step. */
    @Test
    void replayedActionSequencesMatchGymnasiumBitForBit() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int episode = 0; episode < 50; episode++) {
            double[] ours = new double[4];
            for (int i = 0; i < 4; i++) ours[i] = -0.05 + 0.1 * random.nextDouble();
            double[] reference = ours.clone();
            for (int t = 0; t < 500; t++) {
                int action = random.nextInt(2);
                CartPole.step(ours, action);
                gymnasiumStep(reference, action);
                for (int i = 0; i < 4; i++) {
                    assertEquals(Double.doubleToRawLongBits(reference[i]), Double.doubleToRawLongBits(ours[i]),
                            "episode " + episode + ", step " + t + ", component " + i);
                }
            }
        }
    }

    /**
     * End states computed by CPython running Gymnasium's step (its lines transcribed, {@code math.cos}
     * and {@code math.sin}) for 500 steps under a fixed controller: a leaning-pole rule with every
     * 7th decision flipped; printed with {@code float.hex}.
     */
    @Test
    void fiveHundredStepsEndWhereCPythonEnds() {
        double[][] starts = {{0.01, -0.02, 0.03, -0.04}, {-0.04, 0.03, 0.02, 0.01}, {0.049, 0.0, -0.049, 0.02}};
        double[][] expected = {
            {-0x1.6ad6ea6a86b1fp-3, -0x1.95519708e6930p-6, -0x1.6aae6339969b4p-7, 0x1.0867979c6d378p-4},
            {0x1.2582367c4babbp-2, 0x1.df83b11e27db8p-6, 0x1.c8d992a444400p-7, 0x1.acb39e8cecef0p-6},
            {-0x1.a7353dfbf9237p+0, 0x1.d6bbffe20c4a0p-7, -0x1.3961d77289949p-7, -0x1.300c4a263a8cbp-2}};
        for (int e = 0; e < starts.length; e++) {
            double[] s = starts[e].clone();
            int steps = 0;
            while (steps < 500) {
                int action = s[2] + 0.3 * s[3] + 0.01 * s[1] > 0 ? 1 : 0;
                if ((steps * (e + 1)) % 7 == 3) action = 1 - action;
                CartPole.step(s, action);
                steps++;
                if (CartPole.failed(s)) break;
            }
            assertEquals(500, steps);
            for (int i = 0; i < 4; i++) assertEquals(expected[e][i], s[i], 0.0, "start " + e + ", component " + i);
        }
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
