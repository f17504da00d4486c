package dev.policygrad.parse;

import java.util.Arrays;

/**
 * Counts, for {@link NestingCheck}, runs of left-associative operators: {@code a + b + c + ...} is
 * flat text but a syntax tree as deep as the run is long. Within one bracket, the operators of one
 * precedence written with no looser operator between them all lie on one path of the tree, so the
 * longest such run is a lower bound on its depth. A looser operator starts new runs of the tighter
 * ones; a bracket starts fresh runs and, once closed, is an operand of the runs outside it.
 */
final class OperatorRuns {

    /** Indexing, {@code x[i][j]}, binds tightest: the generated parser's precedence 17. */
    static final int INDEX = 17;

    private final int[][] runs = new int[NestingCheck.LIMIT + 1][INDEX + 1];
    private int bracket;

    /** The run of operators of this precedence, one longer; tighter runs end here. */
    int extend(int precedence) {
        int[] here = runs[bracket];
        Arrays.fill(here, precedence + 1, here.length, 0);
        return ++here[precedence];
    }

    void openBracket() {
        bracket = Math.min(bracket + 1, NestingCheck.LIMIT);
        Arrays.fill(runs[bracket], 0);
    }

    void closeBracket() {
        if (bracket > 0) bracket--;
    }

    /** A comma, {@code =}, {@code then}, ...: what follows is a separate formula. */
    void endFormula() {
        Arrays.fill(runs[bracket], 0);
    }

    /** A new declaration. */
    void reset() {
        bracket = 0;
        Arrays.fill(runs[0], 0);
    }
}
