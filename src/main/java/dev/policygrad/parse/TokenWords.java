package dev.policygrad.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Tokens and sets of tokens in words a user of the language knows: a set holding every token that
 * can start a formula reads "an expression", every token usable as a name reads "a name", and so on,
 * so that no message lists ANTLR's token names.
 */
final class TokenWords {

    private static final Vocabulary VOCABULARY = PolicygradParser.VOCABULARY;

    static final IntervalSet NAME = IntervalSet.of(PolicygradParser.ID);
    private static final IntervalSet NUMBER = IntervalSet.of(PolicygradParser.INT);
    static final IntervalSet DECLARATION = new IntervalSet();
    private static final IntervalSet EXPRESSION = new IntervalSet();
    private static final IntervalSet OPERATOR = new IntervalSet();
    private static final IntervalSet SIGNED_NUMBER = new IntervalSet();

    static {
        for (int type : new int[] {
                PolicygradParser.GAMMA, PolicygradParser.HORIZON, PolicygradParser.START,
                PolicygradParser.TERMINAL, PolicygradParser.OBSERVE, PolicygradParser.REWARD,
                PolicygradParser.NEXT, PolicygradParser.DONE, PolicygradParser.REAL,
                PolicygradParser.LOG, PolicygradParser.SUM, PolicygradParser.CLAIM, PolicygradParser.VALUE}) {
            NAME.add(type);
        }
        NUMBER.add(PolicygradParser.FLOAT);
        for (int type : new int[] {
                PolicygradParser.STATE, PolicygradParser.ACTION, PolicygradParser.PARAM,
                PolicygradParser.LET, PolicygradParser.DEF, PolicygradParser.POLICY,
                PolicygradParser.MDP, PolicygradParser.ENV, PolicygradParser.CLAIM, PolicygradParser.ESTIMATOR,
                PolicygradParser.VALUE}) {
            DECLARATION.add(type);
        }
        SIGNED_NUMBER.addAll(NUMBER);
        SIGNED_NUMBER.add(literalType("-"));
        EXPRESSION.addAll(NAME);
        EXPRESSION.addAll(NUMBER);
        for (String literal : List.of("-", "(", "[")) EXPRESSION.add(literalType(literal));
        EXPRESSION.add(PolicygradParser.NOT);
        EXPRESSION.add(PolicygradParser.IF);
        // state(t) and action(t) of estimator formulas
        EXPRESSION.add(PolicygradParser.STATE);
        EXPRESSION.add(PolicygradParser.ACTION);
        for (String literal : List.of("^", "@", "*", "/", "+", "-", "<", "<=", ">", ">=", "==", "!=")) {
            OPERATOR.add(literalType(literal));
        }
        OPERATOR.add(PolicygradParser.AND);
        OPERATOR.add(PolicygradParser.OR);
    }

    private TokenWords() {}

    /** The type of the token written {@code literal} in the grammar, e.g. {@code "("}. */
    static int literalType(String literal) {
        String quoted = "'" + literal + "'";
        for (int type = 1; type <= VOCABULARY.getMaxTokenType(); type++) {
            if (quoted.equals(VOCABULARY.getLiteralName(type))) return type;
        }
        throw new IllegalArgumentException("no token " + quoted + " in the grammar");
    }

    /**
     * The token as found in the text: {@code ')'}, {@code 'theta'}, or {@code endOfInput} ("end of
     * file", "end of the formula").
     */
    static String found(Token token, String endOfInput) {
        if (token.getType() == Token.EOF) return endOfInput;
        return quote(token.getText());
    }

    /** {@code 'text'}, shortened when long. */
    static String quote(String text) {
        String shown = text.length() > 24 ? text.substring(0, 20) + "..." : text;
        return "'" + shown + "'";
    }

    /** What a set of expected tokens means, e.g. "an expression or ']'". */
    static String expected(IntervalSet expected, String endOfInput) {
        IntervalSet rest = new IntervalSet(expected);
        List<String> words = new ArrayList<>();
        takeGroup(rest, EXPRESSION, "an expression", words);
        takeGroup(rest, DECLARATION,
                "a declaration (state, action, param, let, def, policy, mdp or env)", words);
        takeGroup(rest, NAME, "a name", words);
        takeGroup(rest, SIGNED_NUMBER, "a number", words);
        takeGroup(rest, NUMBER, "a number", words);
        if (rest.contains(PolicygradParser.INT)) {
            rest.remove(PolicygradParser.INT);
            words.add("a whole number");
        }
        takeGroup(rest, OPERATOR, "an operator", words);
        // Keywords read before punctuation: "'gamma', 'horizon' or '}'".
        for (int type : rest.toList()) if (type >= PolicygradParser.STATE) words.add(word(type, endOfInput));
        for (int type : rest.toList()) if (type < PolicygradParser.STATE) words.add(word(type, endOfInput));
        return join(words);
    }

    private static void takeGroup(IntervalSet rest, IntervalSet group, String word, List<String> words) {
        if (group.and(rest).size() == group.size()) {
            words.add(word);
            for (int type : group.toList()) rest.remove(type);
        }
    }

    private static String word(int type, String endOfInput) {
        if (type == Token.EOF) return endOfInput;
        if (type == PolicygradParser.ID) return "a name";
        if (type == PolicygradParser.FLOAT) return "a number";
        String literal = VOCABULARY.getLiteralName(type);
        return literal != null ? literal : VOCABULARY.getDisplayName(type).toLowerCase();
    }

    private static String join(List<String> words) {
        if (words.isEmpty()) return "something else";
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
