package dev.policygrad.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ad.Backend;
import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code examples/cartpole/formula.pg}, CartPole written as formulas and run by the tape compiler, against
 * the built-in {@link CartPole} (hand-written Java, itself held to Gymnasium's numbers by
 * {@link CartPoleTest}): two independent implementations of the same dynamics that must give the same
 * start states, next states, rewards and ends, bit for bit, on both backends.
 */
class FormulaCartPoleTest {

    private static Environment formula(Backend backend) throws IOException {
        String text = "state s[4]\naction a in {left, right}\n" + Files.readString(Path.of("examples/cartpole/formula.pg"));
        Backend before = Backend.preferred();
        Backend.prefer(backend);
        try {
            return Checker.check(Parser.parse("formula.pg", text)).environment();
        } finally {
            Backend.prefer(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theFormulasStepAsTheBuiltInCartPoleBitForBit(Backend backend) throws IOException {
        Environment.Simulator written = formula(backend).newSimulator();
        Environment.Simulator builtIn = new CartPole(1, CartPole.MAX_STEPS).newSimulator();
        SplittableRandom actions = new SplittableRandom(2);
        double[] s = new double[4], t = new double[4];
        int steps = 0, fallen = 0, full = 0;
        for (int episode = 0; episode < 300; episode++) {
            written.reset(new SplittableRandom(episode), s);
            builtIn.reset(new SplittableRandom(episode), t);
            assertArrayEquals(t, s, 0, "start of episode " + episode);
            int k = 0;
            while (!builtIn.terminal() && k < CartPole.MAX_STEPS) {
                // a balancing push, wrong one time in five: long episodes over a wide range of states
                int push = (t[2] + 0.3 * t[3] > 0) != (actions.nextInt(5) == 0) ? 1 : 0;
                assertEquals(builtIn.step(push, null, t), written.step(push, null, s), "reward");
                assertArrayEquals(t, s, 0, "episode " + episode + ", step " + k);
                assertEquals(builtIn.terminal(), written.terminal(), "end of episode " + episode + " at step " + k);
                k++;
            }
            steps += k;
            if (builtIn.terminal()) fallen++;
            else full++;
        }
        assertTrue(steps > 20_000 && fallen > 30 && full > 0, steps + " steps, " + fallen + " fallen, " + full + " full");
    }
}
