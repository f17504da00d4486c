package dev.policygrad.parse;

import static dev.policygrad.parse.Trees.bin;
import static dev.policygrad.parse.Trees.name;
import static dev.policygrad.parse.Trees.neg;
import static dev.policygrad.parse.Trees.not;
import static dev.policygrad.parse.Trees.num;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.ast.AstPrinter;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.SyntaxTree;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical form: minimal parentheses, numbers the grammar can read, one line per item. */
class AstPrinterTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "-x ^ 2", "(-x) ^ 2", "2 ^ -x", "a ^ b ^ c", "(a ^ b) ^ c", "a - b - c", "a - (b - c)",
        "2 * W @ s", "(2 * W) @ s", "-k * s", "-(k * s)", "--x", "a * -b + c", "x[i][j]", "(-x)[0]",
        "(a + b)[0]", "not a and not b", "not (a and b)", "a < not b", "a < (not b) < c", "(not a) + b",
        "-not a + b", "1 + if c then x else y", "(if c then x else y) + 1", "sum(i in 0..2, theta[i] ^ 2)",
        "normal(mean = -k * s, std = exp(log_std))", "[0.5, 0, -0.5]", "if a or b then -1 else [1, 2][0]"})
    void canonicalFormulasPrintAsWritten(String formula) {
        assertEquals(formula, AstPrinter.print(Parser.parseExpression("f", formula)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "((a + b)) * (c)   | (a + b) * c",
        "- x^2             | -x ^ 2",
        "a and (b and c)   | a and (b and c)",
        "(a and b) and c   | a and b and c",
        "2.0               | 2",
        "1e-5              | 1e-5",
        "0.00001           | 1e-5",
        "1.5E+20           | 1.5e20",
        "100000000000000000000 | 1e20",
        "123456789012      | 123456789012",
        "0.1               | 0.1",
        ".5                | 0.5"})
    void formulasPrintCanonically(String written, String canonical) {
        assertEquals(canonical, AstPrinter.print(Parser.parseExpression("f", written)));
    }

    @Test
    void precedenceIsKeptWhereTheTreeDisagreesWithReadingOrder() {
        assertEquals("(-x) ^ 2", AstPrinter.print(bin(neg(name("x")), "^", num(2))));
        assertEquals("-x ^ 2", AstPrinter.print(neg(bin(name("x"), "^", num(2)))));
        assertEquals("(not a) * b", AstPrinter.print(bin(not(name("a")), "*", name("b"))));
        assertEquals("a / (b * c)", AstPrinter.print(bin(name("a"), "/", bin(name("b"), "*", name("c")))));
    }

    @Test
    void numbersReadBackToTheSameDouble() {
        for (double value : new double[] {0, 1, 2.5, 0.1 + 0.2, 1e-7, 6.02214076e23, Double.MIN_VALUE,
                Double.MAX_VALUE, 1e15, 1e16, 9007199254740993.0}) {
            String printed = AstPrinter.number(value);
            Expr parsed = Parser.parseExpression("n", printed);
            assertEquals(value, ((Expr.Number) parsed).value(), printed);
        }
        assertEquals("-0.5", AstPrinter.number(-0.5));
    }

    @Test
    void programsPrintOneDeclarationPerLineAndBlocksIndented() throws IOException {
        String text = Files.readString(ExamplesTest.example("tasks.pg"));
        assertEquals("""
                mdp noisy_chain {
                  gamma 0.9
                  horizon 6
                  start {A: 0.7, B: 0.3}
                  terminal T
                  observe A = [1, 0, 0.5]
                  A go -> {B: 0.8, A: 0.2} reward 1
                  A stay -> A reward 0
                  C go -> T reward 5
                }
                env lqr(a = 1.2, b = 0.7, q = 1, r = 0.5, s0_std = 1, noise_std = 0, horizon = 20, gamma = 1)
                env cartpole
                env pendulum {
                  gamma 0.99
                  horizon 200
                  start = [uniform(-0.1, 0.1), 0]
                  next = [s[0] + 0.05 * s[1], s[1] + 0.05 * (a - sin(s[0])) + normal(0, 0.01)]
                  reward = -(s[0] ^ 2 + 0.1 * a ^ 2)
                  done = abs(s[0]) > 3
                }
                """, AstPrinter.print(Parser.parse("tasks.pg", text)));
    }

    @Test
    void everyExampleSurvivesPrintingAndParsing() {
        for (String example : new String[] {"short_corridor.pg", "linear_softmax.pg", "two_layer.pg",
                "gaussian.pg", "log_form.pg", "tasks.pg", "short_corridor_mdp.pg"}) {
            SyntaxTree program = Parser.parseFile(ExamplesTest.example(example));
            assertEquals(program, Parser.parse("printed.pg", AstPrinter.print(program)), example);
        }
    }

    @Test
    void declarationsOfEveryKind() {
        String text = """
                state s
                state obs[2][3]
                action a in {left, right}
                action k in 0..4
                action u : real
                param w
                param W[2][4] ~ normal(0, std = 0.5)
                let h = tanh(W @ obs[0])
                def f(x, y) = x * y
                policy log pi(a | s) = f(a, s)
                mdp m {}
                env lqr
                """;
        assertEquals(text, AstPrinter.print(Parser.parse("all.pg", text)));
    }
}
