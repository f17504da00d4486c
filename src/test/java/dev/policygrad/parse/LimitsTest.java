package dev.policygrad.parse;

import dev.policygrad.LargeStack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.Sources;
import dev.policygrad.diag.SyntaxError;
import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input too deep, too large or not text is refused with a syntax error, never a crash. */
class LimitsTest {

    private static final int DEEP = 100_000;
    private static final int L = NestingCheck.LIMIT;
    private static final String TOO_DEEP = "expression nested too deeply: more than " + L + " levels";

    private static String at(int column) {
        return "t.pg:1:" + column;
    }

    static Stream<Arguments> deeplyNested() {
        return Stream.of(
                Arguments.of("parentheses", "let x = " + "(".repeat(DEEP) + "x" + ")".repeat(DEEP), at(9 + L)),
                Arguments.of("brackets", "let x = " + "[".repeat(DEEP) + "x" + "]".repeat(DEEP), at(9 + L)),
                Arguments.of("calls", "let x = " + "f(".repeat(DEEP) + "x" + ")".repeat(DEEP), at(10 + 2 * L)),
                Arguments.of("negations", "let x = " + "-".repeat(DEEP) + "x", at(9 + L)),
                Arguments.of("nots", "let x = " + "not ".repeat(DEEP) + "x", at(9 + 4 * L)),
                Arguments.of("powers", "let x = a" + " ^ a".repeat(DEEP), at(11 + 4 * L)),
                Arguments.of("else-ifs", "let x = " + "if c then 1 else ".repeat(DEEP / 2) + "x", at(9 + 17 * L)),
                Arguments.of("nots inside sums", "let x = a" + " + not a".repeat(DEEP), at(11 + 8 * L)),
                Arguments.of("a long sum", "let x = a" + " + a".repeat(DEEP), at(11 + 4 * L)),
                Arguments.of("a long chain of indices", "let x = a" + "[0]".repeat(DEEP), at(10 + 3 * L)),
                Arguments.of("sums in a sum", "let x = (a" + " + a".repeat(3 * L / 4) + ")" + " + a".repeat(3 * L / 4), "t.pg:1:10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deeplyNested")
    void deepNestingIsASyntaxError(String kind, String text, String where) {
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parse("t.pg", text));
        assertEquals(where + ": syntax error: " + TOO_DEEP, error.toString());
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String text = "let x = " + "(".repeat(L - 1) + "x" + ")".repeat(L - 1) + "\nlet y = " + "-".repeat(L - 1) + "y";
        assertEquals(2, Parser.parse("t.pg", text).decls().size());
    }

    @Test
    void longFlatFormulasAreNotDeep() {
        String squares = "let x = a ^ 2" + " + a ^ 2".repeat(150) + "\nlet y = not a" + " and not a".repeat(150);
        assertEquals(2, Parser.parse("t.pg", squares).decls().size());
    }

    @Test
    void runningOutOfStackBecomesTheGivenError() {
        SyntaxError tooDeep = new SyntaxError(null, TOO_DEEP);
        SyntaxError thrown = assertThrows(SyntaxError.class,
                () -> LargeStack.call(LimitsTest::recurseForever, () -> tooDeep, 1 << 20));
        assertEquals(tooDeep, thrown);
    }

    @Test
    void workOnALargeStackGivesItsResultOrItsException() {
        assertEquals("done", LargeStack.call(() -> "done", () -> new IllegalStateException()));
        SyntaxError failure = new SyntaxError(null, "failed");
        assertEquals(failure, assertThrows(SyntaxError.class, () -> LargeStack.call(() -> {
            throw failure;
        }, () -> new IllegalStateException())));
    }

    @Test
    void tenMegabyteFileIsRefusedBeforeItIsRead(@TempDir Path directory) throws IOException {
        Path big = directory.resolve("big.pg");
        Files.write(big, "let x = 1\n".repeat(1_000_000).getBytes(StandardCharsets.UTF_8));
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parseFile(big));
        assertEquals(big + ":1:1: syntax error: file too large: 10000000 bytes (the limit is 1 MiB)", error.toString());
    }

    @Test
    void tenMegabyteFileAmongOthersIsRefused(@TempDir Path directory) throws IOException {
        Path small = directory.resolve("small.pg");
        Path big = directory.resolve("big.pg");
        Files.writeString(small, "state s\n");
        Files.write(big, new byte[10_000_000]);
        Sources sources = new Sources();
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parseFiles(List.of(small, big), sources));
        assertEquals(big + ":1:1: syntax error: file too large: 10000000 bytes (the limit is 1 MiB)", error.toString());
        assertEquals("state s\n", sources.text(small.toString()));
    }

    @Test
    void tenMegabyteStringIsRefused() {
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parse("t.pg", "x".repeat(10_000_000)));
        assertEquals("t.pg:1:1: syntax error: file too large: 10000000 characters (the limit is 1 MiB)",
                error.toString());
    }

    @Test
    void invalidUtf8IsASyntaxErrorAtItsLineAndColumn(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("latin1.pg");
        byte[] text = "state s\nlet caf\u00e9 = 1\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, text);
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parseFile(file));
        assertEquals(file + ":2:8: syntax error: file is not valid UTF-8: byte 0xE9 at offset 15", error.toString());
    }

    @Test
    void invalidUtf8AfterWideCharactersCountsCharactersNotBytes(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("mixed.pg");
        byte[] valid = "# \u00e9\u00e9 ".getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[valid.length + 1];
        System.arraycopy(valid, 0, text, 0, valid.length);
        text[valid.length] = (byte) 0xC3;
        Files.write(file, text);
        SyntaxError error = assertThrows(SyntaxError.class, () -> Parser.parseFile(file));
        assertEquals(file + ":1:6: syntax error: file is not valid UTF-8: byte 0xC3 at offset 7", error.toString());
    }

    @Test
    void invalidUtf8IsQuotedWhenReadWithSources(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("latin1.pg");
        Files.write(file, "let caf\u00e9 = 1\n".getBytes(StandardCharsets.ISO_8859_1));
        Sources sources = new Sources();
        PolicygradException error = assertThrows(SyntaxError.class, () -> Parser.parseFiles(List.of(file), sources));
        assertEquals(List.of(file + ":1:8: syntax error: file is not valid UTF-8: byte 0xE9 at offset 7",
                "  let caf\ufffd = 1", "         ^"), sources.render(error).lines().toList());
    }

    @Test
    void missingFileIsAUsageError(@TempDir Path directory) {
        Path missing = directory.resolve("missing.pg");
        UsageError error = assertThrows(UsageError.class, () -> Parser.parseFile(missing));
        assertEquals("error: cannot read " + missing + ": no such file", error.toString());
    }

    @Test
    void byteOrderMarkIsSkipped(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("bom.pg");
        Files.write(file, "\uFEFFstate s".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, Parser.parseFile(file).decls().size());
    }

    private static Object recurseForever() {
        return List.of(recurseForever());
    }
}
