package dev.policygrad.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.CheckError;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed mdp block gives one CheckError: the exact message at the exact position. */
class MdpErrorsTest {

    private static final String POLICY = """
            action a in {right, left}
            param theta[2] = 0
            policy pi(a | s) = categorical(logits = theta)
            """;

    /** An mdp block (its first line is line 4 of the file) after the corridor's policy. */
    private static String mdp(String body) {
        return POLICY + "mdp m {\n" + body + "}\n";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("probabilities not summing to 1", mdp("""
                        start A
                        terminal G
                        A right -> {A: 0.5, G: 0.6} reward 0
                        A left -> G reward 0
                        """), "test.pg:7:1: error: the probabilities of the transition A right sum to 1.1, not 1"),
                Arguments.of("negative probability", mdp("""
                        start A
                        terminal G
                        A right -> {A: -0.5, G: 1.5} reward 0
                        A left -> G reward 0
                        """), "test.pg:7:13: error: negative probability -0.5 for 'A' in the transition A right"),
                Arguments.of("missing action", mdp("""
                        start A
                        terminal G
                        A right -> G reward 0
                        B right -> G reward 0
                        B left -> A reward 0
                        """), "test.pg:7:1: error: state 'A' has no transition for action 'left'; every non-terminal state needs one line per action ({right, left})"),
                Arguments.of("transition from a terminal state", mdp("""
                        start A
                        terminal G
                        A right -> G reward 0
                        A left -> G reward 0
                        G left -> A reward 0
                        """), "test.pg:9:1: error: 'G' is a terminal state; it cannot have transitions"),
                Arguments.of("undefined state, did you mean", mdp("""
                        start S1
                        terminal G
                        S1 right -> S2 reward 0
                        S1 left -> G reward 0
                        S3 right -> G reward 0
                        S3 left -> G reward 0
                        """), "test.pg:7:13: error: unknown state 'S2'; did you mean 'S1'?"),
                Arguments.of("undefined state, nothing close", mdp("""
                        start S1
                        terminal G
                        S1 right -> Dead reward 0
                        S1 left -> G reward 0
                        """), "test.pg:7:13: error: state 'Dead' has no transitions and is not terminal; add lines 'Dead right -> ...' or declare 'terminal Dead'"),
                Arguments.of("unknown action", mdp("""
                        start A
                        terminal G
                        A rigth -> G reward 0
                        A left -> G reward 0
                        """), "test.pg:7:3: error: unknown action 'rigth'; the policy's actions are {right, left}; did you mean 'right'?"),
                Arguments.of("duplicate transition", mdp("""
                        start A
                        terminal G
                        A right -> G reward 0
                        A left -> G reward 0
                        A right -> A reward 1
                        """), "test.pg:9:1: error: a second transition for A right; the first is at test.pg:7:1 (write one line with a distribution, e.g. '{A: 0.5, B: 0.5}')"),
                Arguments.of("no start", mdp("""
                        terminal G
                        A right -> G reward 0
                        A left -> G reward 0
                        """), "test.pg:4:5: error: mdp 'm' has no start; add e.g. 'start A'"),
                Arguments.of("J not finite", mdp("""
                        start A
                        terminal G
                        A right -> G reward 0
                        A left -> B reward 0
                        B right -> B reward -1
                        B left -> B reward -1
                        """), "test.pg:8:11: error: state 'B' can be reached from the start, but no terminal state can be reached from it; with gamma 1 and no horizon J is not finite. Add a horizon, set gamma below 1, or give it a path to a terminal state"),
                Arguments.of("gamma out of range", mdp("""
                        gamma 1.5
                        start A
                        terminal G
                        A right -> G reward 0
                        A left -> G reward 0
                        """), "test.pg:5:1: error: gamma must lie in [0, 1], got 1.5"),
                Arguments.of("start in a terminal state", mdp("""
                        start {A: 0.5, G: 0.5}
                        terminal G
                        A right -> G reward 0
                        A left -> G reward 0
                        """), "test.pg:5:1: error: the start distribution puts probability on the terminal state 'G'; an episode would end before its first step"),
                Arguments.of("observe vector of the wrong length", """
                        state s[2]
                        action a in {right, left}
                        param W[2][2] = 0
                        policy pi(a | s) = categorical(logits = W @ s)
                        mdp m {
                          start A
                          terminal G
                          observe A = [1, 0, 1]
                          A right -> G reward 0
                          A left -> G reward 0
                        }
                        """, "test.pg:8:3: error: the observe vector of 'A' has 3 values, but the policy's state s has shape [2] (2 values)"),
                Arguments.of("one-hot state of the wrong size", """
                        state s[3]
                        action a in {right, left}
                        param W[2][3] = 0
                        policy pi(a | s) = categorical(logits = W @ s)
                        mdp m {
                          start A
                          terminal G
                          A right -> G reward 0
                          A left -> G reward 0
                        }
                        """, "test.pg:5:5: error: the policy's state s has shape [3], but mdp 'm' has no observe lines and 1 non-terminal state; declare 'state s[1]' to observe the one-hot vector of the state, or add observe lines"),
                Arguments.of("missing observe line", """
                        state s[1]
                        action a in {right, left}
                        param W[2][1] = 0
                        policy pi(a | s) = categorical(logits = W @ s)
                        mdp m {
                          start A
                          terminal G
                          observe A = [1]
                          A right -> B reward 0
                          A left -> G reward 0
                          B right -> G reward 0
                          B left -> G reward 0
                        }
                        """, "test.pg:9:14: error: state 'B' has no observe line; when one state has one, every non-terminal state needs one"),
                Arguments.of("duplicate outcome", mdp("""
                        start A
                        terminal G
                        A right -> {G: 0.5, G: 0.5} reward 0
                        A left -> G reward 0
                        """), "test.pg:7:21: error: state 'G' appears twice in the transition A right"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheProblemWhereItIs(String what, String text, String expected) {
        CheckError e = assertThrows(CheckError.class, () -> Programs.mdp(Programs.check(text)));
        assertEquals(expected, e.toString());
    }
}
