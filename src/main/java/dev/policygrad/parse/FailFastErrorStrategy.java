package dev.policygrad.parse;

import dev.policygrad.diag.SyntaxError;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNConfig;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.StarLoopEntryState;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Stops the parse at the first error with a {@link SyntaxError} saying, in words, what was expected
 * and what was found. Nothing is recovered: a second message after a guessed repair is more often
 * confusing than helpful, and failing at once keeps the cost of bad input small.
 */
final class FailFastErrorStrategy extends DefaultErrorStrategy {

    private final SourceText source;

    FailFastErrorStrategy(SourceText source) {
        this.source = source;
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        throw toSyntaxError(parser, e);
    }

    @Override
    public void recover(Parser parser, RecognitionException e) {
        throw toSyntaxError(parser, e);
    }

    @Override
    public Token recoverInline(Parser parser) {
        throw toSyntaxError(parser, new InputMismatchException(parser));
    }

    /**
     * Before a loop or a choice, fails if the next token can neither start an alternative nor
     * follow the construct, so that {@code [1, 2 3]} reads "expected ',' or ']'" rather than only
     * "expected ']'". Skipped at the operator loop of formulas: every token may end a formula there,
     * and the error is better reported where the formula's surroundings fail to match.
     */
    @Override
    public void sync(Parser parser) {
        ATNState state = parser.getInterpreter().atn.states.get(parser.getState());
        if (!isChoice(state)) return;
        if (state instanceof StarLoopEntryState loop && loop.isPrecedenceDecision) return;
        Token next = parser.getCurrentToken();
        IntervalSet here = parser.getATN().nextTokens(state);
        if (here.contains(next.getType())) return;
        IntervalSet expected = here.contains(Token.EPSILON) ? parser.getExpectedTokens() : here;
        if (!expected.contains(next.getType())) throw error(next, expected);
    }

    private static boolean isChoice(ATNState state) {
        switch (state.getStateType()) {
            case ATNState.BLOCK_START:
            case ATNState.STAR_BLOCK_START:
            case ATNState.PLUS_BLOCK_START:
            case ATNState.STAR_LOOP_ENTRY:
            case ATNState.PLUS_LOOP_BACK:
            case ATNState.STAR_LOOP_BACK:
                return true;
            default:
                return false;
        }
    }

    private SyntaxError toSyntaxError(Parser parser, RecognitionException e) {
        Token found = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
        return error(found, expectedTokens(parser, e));
    }

    private SyntaxError error(Token found, IntervalSet expected) {
        if (found.getType() == PolicygradLexer.ERROR_CHAR) return source.unexpectedCharacter(found);
        String message = expected.isNil()
                ? "unexpected " + source.found(found)
                : "expected " + source.expected(expected) + ", found " + source.found(found);
        return source.error(found, message);
    }

    /**
     * The tokens that could have stood where the offending token is. After a decision that looked
     * several tokens ahead, these are read from the parser states still alive when it failed rather
     * than from the state where the decision began.
     */
    private static IntervalSet expectedTokens(Parser parser, RecognitionException e) {
        if (e instanceof NoViableAltException noViable && noViable.getDeadEndConfigs() != null) {
            IntervalSet expected = new IntervalSet();
            for (ATNConfig config : noViable.getDeadEndConfigs()) {
                ATNState state = config.state;
                for (int i = 0; i < state.getNumberOfTransitions(); i++) {
                    Transition transition = state.transition(i);
                    IntervalSet label = transition.label();
                    if (label != null && !transition.isEpsilon()) expected.addAll(label);
                }
            }
            if (!expected.isNil()) return expected;
        }
        IntervalSet expected = e.getExpectedTokens();
        return expected != null ? expected : parser.getExpectedTokens();
    }
}
