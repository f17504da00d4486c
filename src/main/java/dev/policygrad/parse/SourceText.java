package dev.policygrad.parse;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.SyntaxError;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** The file being parsed, as the maker of its {@link Span}s and {@link SyntaxError}s. */
final class SourceText {

    private final String fileName;
    private final String endOfInput;

    /** {@code endOfInput} names the end of the text in messages: "end of file", "end of the formula". */
    SourceText(String fileName, String endOfInput) {
        this.fileName = fileName;
        this.endOfInput = endOfInput;
    }

    String fileName() {
        return fileName;
    }

    /**
     * {@code text} as the lexer reads it: ANTLR starts a new line at a line feed only, so a carriage
     * return that no line feed follows (the line end of old Mac files, alone or mixed with others) is
     * given as a line feed. The length is unchanged, so every offset into the text still holds, and
     * lines and columns are counted as {@link java.io.BufferedReader#readLine} and
     * {@link dev.policygrad.diag.Sources} count them.
     */
    static String forLexer(String text) {
        if (text.indexOf('\r') < 0) return text;
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\r' && (i + 1 == chars.length || chars[i + 1] != '\n')) chars[i] = '\n';
        }
        return new String(chars);
    }

    /** How messages describe a token that was found. */
    String found(Token token) {
        return TokenWords.found(token, endOfInput);
    }

    /** How messages describe a set of tokens that were expected. */
    String expected(IntervalSet tokens) {
        return TokenWords.expected(tokens, endOfInput);
    }

    /** The span of one token: ANTLR counts columns from 0, we count them from 1. */
    Span span(Token token) {
        int start = Math.max(0, token.getStartIndex());
        int end = Math.max(start, token.getStopIndex() + 1);
        return new Span(fileName, token.getLine(), token.getCharPositionInLine() + 1, start, end);
    }

    /** The span from the first to the last token of a rule. */
    Span span(ParserRuleContext context) {
        Token first = context.getStart();
        Token last = context.getStop();
        Span span = span(first);
        if (last == null || last.getStopIndex() < first.getStartIndex()) return span;
        return new Span(fileName, span.line(), span.column(), span.start(), last.getStopIndex() + 1);
    }

    Span start() {
        return new Span(fileName, 1, 1, 0, 0);
    }

    SyntaxError error(Token at, String message) {
        return new SyntaxError(span(at), message);
    }

    SyntaxError error(Span at, String message) {
        return new SyntaxError(at, message);
    }

    /** A character no token of the language starts with. */
    SyntaxError unexpectedCharacter(Token token) {
        int character = token.getText().codePointAt(0);
        String shown = character > ' ' && character != 0x7f && !Character.isISOControl(character)
                && !Character.isWhitespace(character) && !Character.isSpaceChar(character)
                ? "'" + token.getText() + "'"
                : String.format("U+%04X", character);
        String hint = Character.isLetter(character)
                ? " (names are made of the letters a-z and A-Z, digits and '_')"
                : "";
        return error(token, "unexpected character " + shown + hint);
    }
}
