package dev.policygrad.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.Sources;
import dev.policygrad.diag.SyntaxError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typical mistakes, and the exact first line of the message each gives. */
class SyntaxErrorTest {

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("let x = f(x", "t.pg:1:12: syntax error: expected ',' or ')', found end of file"),
                Arguments.of("let x = f(x y)", "t.pg:1:13: syntax error: expected ',' or ')', found 'y'"),
                Arguments.of("param theta[2] = ", "t.pg:1:18: syntax error: expected an expression, found end of file"),
                Arguments.of("policy pi(a s) = categorical(logits = theta)",
                        "t.pg:1:13: syntax error: expected '|', found 's'"),
                Arguments.of("policy pi(a | s) = categorical(logits = )",
                        "t.pg:1:41: syntax error: expected an expression, found ')'"),
                Arguments.of("param theta[2] = 0 $", "t.pg:1:20: syntax error: unexpected character '$'"),
                Arguments.of("let v = [1, 2", "t.pg:1:14: syntax error: expected ',' or ']', found end of file"),
                Arguments.of("let v = [1, 2 3]", "t.pg:1:15: syntax error: expected ',' or ']', found '3'"),
                Arguments.of("action a in {}", "t.pg:1:14: syntax error: expected a name, a whole number or '-', found '}'"),
                Arguments.of("param 3 = 0", "t.pg:1:7: syntax error: expected a name, found '3'"),
                Arguments.of("action a 0..2", "t.pg:1:10: syntax error: expected 'in', ':' or '[', found '0'"),
                Arguments.of("action a : int", "t.pg:1:12: syntax error: expected 'real', found 'int'"),
                Arguments.of("def f() = 1", "t.pg:1:7: syntax error: expected a name, found ')'"),
                Arguments.of("let x = (a + )", "t.pg:1:14: syntax error: expected an expression, found ')'"),
                Arguments.of("let x = if a then b", "t.pg:1:20: syntax error: expected 'else', found end of file"),
                Arguments.of("let x = sum(i in 0..2 x)", "t.pg:1:23: syntax error: expected ',', found 'x'"),
                Arguments.of("let x = a b", "t.pg:1:11: syntax error: expected a declaration "
                        + "(state, action, param, let, def, policy, mdp or env) or end of file, found 'b'"),
                Arguments.of("state s[99999999999]",
                        "t.pg:1:9: syntax error: dimension too large: '99999999999' (the largest is 2147483647)"),
                Arguments.of("env lqr(a = x)", "t.pg:1:13: syntax error: expected a number, found 'x'"),
                Arguments.of("env e {\n  foo = 1\n}", "t.pg:2:3: syntax error: expected 'gamma', 'horizon', "
                        + "'start', 'reward', 'next', 'done' or '}', found 'foo'"),
                Arguments.of("mdp m {\n  A go -> B reward\n}", "t.pg:3:1: syntax error: expected a name, a whole number or '-', found '}'"),
                Arguments.of("let x = é", "t.pg:1:9: syntax error: unexpected character 'é' "
                        + "(names are made of the letters a-z and A-Z, digits and '_')"),
                Arguments.of("let x = 1\u0000", "t.pg:1:10: syntax error: unexpected character U+0000"),
                Arguments.of("state s\n\tlet = 3", "t.pg:2:6: syntax error: expected a name, found '='"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void messageSaysWhatWasExpected(String text, String expected) {
        assertEquals(expected, firstLine(render(text)));
    }

    @Test
    void messageQuotesTheLineAndPointsAtTheToken() {
        assertEquals("""
                t.pg:2:13: syntax error: expected '|', found 's'
                  policy pi(a s) = categorical(logits = theta)
                              ^""",
                render("action a in {left, right}\npolicy pi(a s) = categorical(logits = theta)\n"));
    }

    @Test
    void expressionMustUseAllOfItsText() {
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parseExpression("--state", "1 2"));
        assertEquals("--state:1:3: syntax error: expected the end of the formula, found '2'",
                error.toString());
    }

    private static String render(String text) {
        Sources sources = new Sources();
        sources.add("t.pg", text);
        return sources.render(assertThrows(SyntaxError.class, () -> Parser.parse("t.pg", text)));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
