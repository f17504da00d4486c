package dev.policygrad.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.CheckError;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Environments that do not fit the policy, or formula environments that mean nothing: exact messages. */
class EnvironmentErrorsTest {

    private static final String SCALAR = """
            state s
            action u : real
            param k = 1
            policy pi(u | s) = normal(mean = -k * s, std = 1)
            """;

    private static final String CART = """
            state s[4]
            action a in {left, right}
            param W[2][4] = 0
            policy pi(a | s) = categorical(logits = W @ s)
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(SCALAR, "error: no environment is declared; add an 'mdp name { ... }' block, 'env cartpole', 'env lqr' or an 'env name { ... }' block"),
                Arguments.of(SCALAR + "env lqr\nenv drift {\n  horizon 3\n  start = 0\n  next = s + u\n  reward = -s ^ 2\n}\n",
                        "test.pg:6:1: error: several environments are declared: 'lqr' (test.pg:5:1), 'drift' (test.pg:6:1); keep one, or name the one to use"),
                // every declared environment is checked, even one the command would not use
                Arguments.of(SCALAR + "env lqr\nenv cartpole\n", "test.pg:6:1: error: env cartpole needs exactly 2 discrete actions (the first pushes left, the second right), but the policy's actions are real"),
                Arguments.of(SCALAR + "env lqe\n", "test.pg:5:5: error: unknown built-in environment 'lqe'; did you mean 'lqr'? (built in: cartpole, lqr; or write an mdp or env block)"),
                Arguments.of(SCALAR + "env lqr(nosie_std = 1)\n", "test.pg:5:9: error: env lqr has no setting 'nosie_std'; did you mean 'noise_std'? (its settings are a, b, q, r, s0_std, noise_std, horizon, gamma)"),
                Arguments.of(SCALAR + "env lqr(horizon = 2.5)\n", "test.pg:5:9: error: horizon must be a whole number of steps in 1..100000, got 2.5"),
                Arguments.of(SCALAR + "env lqr(q = -1)\n", "test.pg:5:9: error: q must be at least 0, got -1.0"),
                Arguments.of(SCALAR + "env cartpole\n", "test.pg:5:1: error: env cartpole needs exactly 2 discrete actions (the first pushes left, the second right), but the policy's actions are real"),
                Arguments.of(CART + "env lqr\n", "test.pg:5:1: error: env lqr needs a real action ('action a : real'), but the policy's actions are {left, right}"),
                Arguments.of(CART.replace("s[4]", "s[3]").replace("[2][4]", "[2][3]") + "env cartpole\n", "test.pg:5:1: error: env cartpole gives the policy a state vector of 4 values; declare 'state s[4]' (the policy's state s has shape [3])"),
                Arguments.of(CART.replace("{left, right}", "{left, stay, right}").replace("[2][4]", "[3][4]")
                        + "env cartpole\n", "test.pg:5:1: error: env cartpole needs exactly 2 discrete actions (the first pushes left, the second right), but the policy's actions are {left, stay, right}"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  start = 0\n  next = s + k * u\n  reward = -s^2\n}\n", "test.pg:8:14: error: next depends on the policy's parameter 'k'; an environment's dynamics must not change with theta"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  start = [0, 1]\n  next = s + u\n  reward = -s^2\n}\n", "test.pg:7:11: error: start must have the shape of the state s (scalar), got [2]"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  start = 0\n  next = s + u\n  reward = [s, u]\n}\n", "test.pg:9:12: error: reward must be a scalar, got [2]"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  start = s\n  next = s + u\n  reward = -s^2\n}\n", "test.pg:7:11: error: start must not depend on the state 's': it gives the first state, before any action"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  start = 0\n  reward = -s^2\n}\n", "test.pg:5:5: error: env f has no 'next = ...' formula"),
                Arguments.of(SCALAR + "env f {\n  start = 0\n  next = s + u\n  reward = -s^2\n}\n", "test.pg:5:5: error: env f never ends: add 'horizon N' or a 'done = ...' condition"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  horizon 4\n  start = 0\n  next = s + u\n  reward = -s^2\n}\n", "test.pg:7:3: error: horizon is already given at test.pg:6:3"),
                Arguments.of(SCALAR + "env f {\n  horizon 3\n  start = 0\n  next = s + u\n  reward = -s^2\n  done = s\n  done = u\n}\n", "test.pg:11:3: error: done is already given at test.pg:10:3"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsTheProblem(String text, String expected) {
        CheckError e = assertThrows(CheckError.class, () -> Programs.check(text).environment());
        assertEquals(expected, e.toString());
    }
}
