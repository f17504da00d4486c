package dev.policygrad.parse;

import dev.policygrad.ast.Span;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Replaces ANTLR's listeners, which print to the console and carry on: any error the lexer or the
 * parser reports becomes a {@link dev.policygrad.diag.SyntaxError}. The lexer's catch-all token and
 * {@link FailFastErrorStrategy} mean this is rarely reached; it is here so nothing is ever printed.
 */
final class ThrowingErrorListener extends BaseErrorListener {

    private final SourceText source;

    ThrowingErrorListener(SourceText source) {
        this.source = source;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
            int charPositionInLine, String antlrMessage, RecognitionException e) {
        if (offendingSymbol instanceof Token token) {
            throw source.error(token, "unexpected " + source.found(token));
        }
        Span at = new Span(source.fileName(), line, charPositionInLine + 1, 0, 0);
        throw source.error(at, "unexpected character");
    }
}
