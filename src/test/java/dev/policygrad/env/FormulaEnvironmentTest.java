package dev.policygrad.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.objective.LqrObjective;
import dev.policygrad.objective.MonteCarloObjective;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormulaEnvironmentTest {

    private static final String WALK = """
            state s[2]
            action a in {left, right}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            env walk {
              horizon 5
              start = [0, 1]
              next = [s[0] + (if a == right then 1 else -1), s[1] * 0.5]
              reward = s[0]
              done = s[0] >= 2
            }
            """;

    /** reward sees s_t (before the step); done sees s_{t+1}. */
    @Test
    void stepsByTheFormulas() {
        Environment env = Programs.check(WALK).environment();
        assertEquals(5, env.horizon());
        assertEquals(1, env.gamma());
        assertFalse(env.horizonIsCap());
        Environment.Simulator sim = env.newSimulator();
        SplittableRandom random = new SplittableRandom(1);
        double[] s = new double[2];
        sim.reset(random, s);
        assertArrayEquals(new double[] {0, 1}, s);
        assertEquals(0, sim.step(1, random, s));
        assertArrayEquals(new double[] {1, 0.5}, s);
        assertFalse(sim.terminal());
        assertEquals(1, sim.step(1, random, s));
        assertArrayEquals(new double[] {2, 0.25}, s);
        assertTrue(sim.terminal());
        sim.reset(random, s);
        assertEquals(0, sim.step(0, random, s));
        assertArrayEquals(new double[] {-1, 0.5}, s);
    }

    /**
     * LQR written as formulas, with normal(...) noise in start and next, estimated by Monte Carlo,
     * agrees within 4 standard errors with the exact J of the built-in LQR with the same settings.
     */
    @Test
    void formulaLqrMatchesTheExactLqr() {
        String policy = """
                state s
                action u : real
                param k = 0.8
                param log_std = -1
                policy pi(u | s) = normal(mean = -k * s, std = exp(log_std))
                """;
        CheckedProgram formula = Programs.check(policy + """
                env lin {
                  gamma 0.9
                  horizon 8
                  start = normal(0, 1.5)
                  next = 1.2 * s + 0.7 * u + normal(0, 0.25)
                  reward = -(s^2 + 0.5 * u^2)
                }
                """);
        CheckedProgram builtin = Programs.check(policy
                + "env lqr(a = 1.2, b = 0.7, q = 1, r = 0.5, s0_std = 1.5, noise_std = 0.25, horizon = 8, gamma = 0.9)\n");
        double[] theta = {0.8, -1};
        double exact = LqrObjective.of((Lqr) builtin.environment(), Policy.of(builtin)).value(theta);
        MonteCarloObjective.ReturnEstimate mc = new MonteCarloObjective(formula.environment(), Policy.of(formula))
                .value(theta, 4000, 5);
        assertEquals(exact, mc.mean(), 4 * mc.standardError());
    }

    /**
     * done reads the state after the step however it reaches it (here through a {@code let} of s), and
     * its noise is drawn after next's: s_{t+1} = u_1, done = s_{t+1} > u_2, u_1 and u_2 the step's two
     * draws in order.
     */
    @Test
    void doneSeesTheNextStateAndDrawsAfterNext() {
        Environment env = Programs.check("""
                state s[1]
                action a in {x, y}
                param theta[2] = 0
                policy pi(a | s) = categorical(logits = theta)
                let p = s[0]
                env e {
                  horizon 10
                  start = [0]
                  next = [uniform(0, 1)]
                  reward = s[0]
                  done = p > uniform(0, 1)
                }
                """).environment();
        Environment.Simulator sim = env.newSimulator();
        double[] s = new double[1];
        int ended = 0;
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed), same = new SplittableRandom(seed);
            sim.reset(random, s);
            double u1 = same.nextDouble(), u2 = same.nextDouble();
            assertEquals(0, sim.step(0, random, s));
            assertEquals(u1, s[0]);
            assertEquals(u1 > u2, sim.terminal(), "seed " + seed);
            if (sim.terminal()) ended++;
        }
        assertTrue(ended > 60 && ended < 140, ended + " of 200 ended");
    }
}
