package dev.policygrad.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.PolicygradException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever the input, the parser either succeeds or throws a {@link PolicygradException}. */
class MalformedInputProperties {

    private static final List<String> VOCABULARY = List.of(
            "state", "action", "param", "let", "def", "policy", "mdp", "env", "in", "if", "then", "else", "and",
            "or", "not", "gamma", "horizon", "start", "terminal", "observe", "reward", "next", "done", "real",
            "log", "sum", ":", "=", "(", ",", ")", "|", "{", "}", "[", "]", "~", "..", "-", "->", "^", "@", "*",
            "/", "+", "<", "<=", ">", ">=", "==", "!=", "0", "2", "0.5", "1e-3", ".5", "x", "s", "a", "theta",
            "\n", "#", "$", "\u00e9");

    @Property(tries = 500, seed = "20261134")
    void randomBytes(@ForAll @Size(max = 300) byte[] bytes) {
        assertParsesOrFailsCleanly(() -> Parser.parse("random.pg", SourceFiles.decode("random.pg", bytes)));
    }

    @Property(tries = 300, seed = "20261135")
    void randomText(@ForAll @Size(max = 200) String text) {
        assertParsesOrFailsCleanly(() -> Parser.parse("random.pg", text));
        assertParsesOrFailsCleanly(() -> Parser.parseExpression("--set", text));
    }

    @Property(tries = 1000, seed = "20261136")
    void tokenSoup(@ForAll("soups") String text) {
        assertParsesOrFailsCleanly(() -> Parser.parse("soup.pg", text));
        assertParsesOrFailsCleanly(() -> Parser.parseExpression("--set", text));
    }

    @Provide
    Arbitrary<String> soups() {
        Arbitrary<String> soup = Arbitraries.of(VOCABULARY).list().ofMaxSize(40).map(tokens -> String.join(" ", tokens));
        return Arbitraries.oneOf(soup, soup.map(formula -> "let x = " + formula));
    }

    private static void assertParsesOrFailsCleanly(Runnable parse) {
        try {
            parse.run();
        } catch (RuntimeException e) {
            assertTrue(e instanceof PolicygradException, () -> "not a diagnostic: " + e);
        }
    }
}
