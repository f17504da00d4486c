package dev.policygrad.parse;

import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * A cheap look over the tokens, before parsing, for input nested so deeply that parsing it (or any
 * later pass over its syntax tree) would recurse out of stack: {@code ((((...}, {@code [[[[...},
 * {@code - - - x}, {@code not not ... c}, {@code a ^ a ^ a ^ ...} or {@code if ... else if ...}.
 *
 * <p>It keeps a stack of open nesting levels: one per bracket, one per prefix operator ({@code -},
 * {@code not}, {@code if}) and one per right-associative {@code ^}. An infix operator closes the
 * levels whose operand cannot contain it (a {@code +} ends {@code -x} and {@code a ^ b} but not
 * {@code not c}); a comma, {@code =}, {@code :}, {@code ..} or {@code ->} closes every level opened
 * since the last bracket. Because it follows the parser's precedence, a long sum of squares is not
 * deep, while {@code - - - x} is. {@link OperatorRuns} adds the depth of flat runs such as
 * {@code a + a + a + ...} and {@code x[0][0][0]...}, which the parser reads without recursing but
 * which make the syntax tree deep.
 */
final class NestingCheck {

    /** The deepest nesting accepted, in brackets and operators. */
    static final int LIMIT = 1000;

    private static final int BRACKET = Integer.MIN_VALUE;
    // An open level remembers the lowest precedence its operand still absorbs, numbered as the
    // generated parser numbers them: ^ 16, @ 14, * / 13, + - 12, comparisons 11, and 9, or 8.
    private static final int NEGATE_ABSORBS = 15;
    private static final int POWER_ABSORBS = 16;
    private static final int NOT_ABSORBS = 10;
    private static final int IF_ABSORBS = 7;

    private static final int[] INFIX_PRECEDENCE = new int[PolicygradParser.VOCABULARY.getMaxTokenType() + 1];
    private static final IntervalSet OPENING = literals("(", "[", "{");
    private static final IntervalSet CLOSING = literals(")", "]", "}");
    private static final IntervalSet SEPARATORS = literals(",", "=", ":", "..", "->", "|", "~");
    private static final int OPEN_BRACKET = TokenWords.literalType("[");
    private static final int MINUS = TokenWords.literalType("-");
    private static final int POWER = TokenWords.literalType("^");

    static {
        setPrecedence(14, "@");
        setPrecedence(13, "*", "/");
        setPrecedence(12, "+", "-");
        setPrecedence(11, "<", "<=", ">", ">=", "==", "!=");
        INFIX_PRECEDENCE[PolicygradParser.AND] = 9;
        INFIX_PRECEDENCE[PolicygradParser.OR] = 8;
    }

    private final int[] stack = new int[LIMIT];
    private final OperatorRuns runs = new OperatorRuns();
    private int depth;
    private int deepestDepth;
    private Token deepest;

    private NestingCheck() {}

    /**
     * Fails with a {@link dev.policygrad.diag.SyntaxError} at the first token nested more than
     * {@link #LIMIT} levels deep; otherwise returns the token where nesting was deepest.
     */
    static Token check(List<Token> tokens, SourceText source) {
        NestingCheck check = new NestingCheck();
        Token previous = null;
        for (Token token : tokens) {
            check.step(token, previous, source);
            previous = token;
        }
        return check.deepest != null ? check.deepest : tokens.get(0);
    }

    static String tooDeepMessage() {
        return "expression nested too deeply: more than " + LIMIT + " levels";
    }

    private void step(Token token, Token previous, SourceText source) {
        int type = token.getType();
        if (OPENING.contains(type)) {
            if (type == OPEN_BRACKET && endsOperand(previous)) extendRun(OperatorRuns.INDEX, token, source);
            push(BRACKET, token, source);
            runs.openBracket();
        } else if (CLOSING.contains(type)) {
            while (depth > 0 && stack[--depth] != BRACKET) {
                // levels opened inside the bracket end with it
            }
            runs.closeBracket();
        } else if (type == MINUS && !endsOperand(previous)) {
            push(NEGATE_ABSORBS, token, source);
        } else if (type == PolicygradParser.NOT) {
            push(NOT_ABSORBS, token, source);
        } else if (type == PolicygradParser.IF) {
            push(IF_ABSORBS, token, source);
        } else if (type == POWER) {
            closeLevelsNotAbsorbing(POWER_ABSORBS);
            push(POWER_ABSORBS, token, source);
        } else if (type == PolicygradParser.THEN || type == PolicygradParser.ELSE) {
            while (depth > 0 && stack[depth - 1] != BRACKET && stack[depth - 1] != IF_ABSORBS) depth--;
            runs.endFormula();
        } else if (type < INFIX_PRECEDENCE.length && type > 0 && INFIX_PRECEDENCE[type] > 0) {
            closeLevelsNotAbsorbing(INFIX_PRECEDENCE[type]);
            extendRun(INFIX_PRECEDENCE[type], token, source);
        } else if (SEPARATORS.contains(type)) {
            while (depth > 0 && stack[depth - 1] != BRACKET) depth--;
            runs.endFormula();
        } else if (TokenWords.DECLARATION.contains(type)) {
            depth = 0;
            runs.reset();
        }
    }

    private void extendRun(int precedence, Token token, SourceText source) {
        if (runs.extend(precedence) > LIMIT) throw source.error(token, tooDeepMessage());
    }

    private void push(int level, Token token, SourceText source) {
        if (depth == LIMIT) throw source.error(token, tooDeepMessage());
        stack[depth++] = level;
        if (depth > deepestDepth) {
            deepestDepth = depth;
            deepest = token;
        }
    }

    private void closeLevelsNotAbsorbing(int precedence) {
        while (depth > 0 && stack[depth - 1] != BRACKET && stack[depth - 1] > precedence) depth--;
    }

    private static boolean endsOperand(Token previous) {
        if (previous == null) return false;
        int type = previous.getType();
        return CLOSING.contains(type) || type == PolicygradParser.INT || type == PolicygradParser.FLOAT
                || TokenWords.NAME.contains(type);
    }

    private static void setPrecedence(int precedence, String... literals) {
        for (String literal : literals) INFIX_PRECEDENCE[TokenWords.literalType(literal)] = precedence;
    }

    private static IntervalSet literals(String... literals) {
        IntervalSet set = new IntervalSet();
        for (String literal : literals) set.add(TokenWords.literalType(literal));
        return set;
    }
}
