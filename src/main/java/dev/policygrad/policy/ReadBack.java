package dev.policygrad.policy;

import dev.policygrad.ad.ExprPrinter;
import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.check.ExpansionBounds;
import dev.policygrad.diag.SizeLimitError;
import dev.policygrad.diag.SyntaxError;
import dev.policygrad.ir.Node;
import dev.policygrad.parse.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The infix text {@code derive} prints, held to the promise that it reads back. Read back as a program
 * file (its {@code let}s, then each formula as {@code let dK = formula}; the declarations it names come
 * from another file given beside it), it must fit the language's limits: at most
 * {@link Parser#MAX_FILE_BYTES} characters (1 MiB, ASCII: the most a program file holds), and each
 * formula at most {@link ExpansionBounds#MAX_DEPTH} levels deep once its lets are expanded, measured by
 * parsing that program and by the checker's own {@link ExpansionBounds#depths}. A text that does not fit
 * is refused, naming the limit and its size or depth. {@link ExprPrinter} already keeps every formula as
 * written within the parser's 1000 levels, so a text that does not parse is the printer's bug, reported as
 * such.
 *
 * <p>More {@code let}s cannot bring a formula under the depth limit, which counts through them: the
 * depth is the derivative's own, about twice its formula's, because reverse accumulation multiplies the
 * adjoint of each level by a partial as deep as that level ({@code cos(t1) * cos(t2) * ... * cos(tn)}
 * for {@code n} nested sines). Nor can the limits be raised to meet every derivative: a derivative of a
 * formula at the raised limit would again be deeper.
 */
final class ReadBack {

    /** What computes the derivative without printing it, for the refusal's message. */
    private static final String INSTEAD = "derive prints only text that does (--latex prints it regardless; score, check "
            + "and derive --trace compute the derivative without printing it)";

    private ReadBack() {}

    /**
     * {@link ExprPrinter#infix(Map)}: {@code let} lines, then a line {@code name = formula} per entry;
     * a {@link SizeLimitError} where it would not read back. {@code what} names the text in messages.
     */
    static String infix(String what, Map<String, Node> named) {
        String text = ExprPrinter.infix(named);
        require(what, text, new ArrayList<>(named.keySet()), true);
        return text;
    }

    /** {@link ExprPrinter#infix(Node)}: {@code let} lines, then the formula; held to the same limits. */
    static String infix(String what, Node formula) {
        String text = ExprPrinter.infix(formula);
        require(what, text, List.of(what), false);
        return text;
    }

    private static void require(String what, String text, List<String> names, boolean labelled) {
        if (text.isEmpty()) return; // no parameter blocks, no derivatives
        // each formula's own let takes a name that no name in the text is
        String prefix = "d";
        while (Pattern.compile("\\b" + prefix + "[0-9]+\\b").matcher(text).find()) prefix += "_";
        StringBuilder program = new StringBuilder();
        long length = 0;
        int formulas = 0;
        for (int start = 0; start <= text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            boolean formula = labelled ? !text.startsWith("let ", start) : end == text.length();
            String head = formula ? "let " + prefix + formulas++ + " = " : "";
            int from = formula && labelled ? text.indexOf(" = ", start) + 3 : start;
            length += head.length() + (end - from) + 1;
            if (length <= Parser.MAX_FILE_BYTES) program.append(head).append(text, from, end).append('\n');
            start = end + 1;
        }
        if (length > Parser.MAX_FILE_BYTES) {
            throw new SizeLimitError("derive's text for " + what + ", read back as lets, would be " + length
                    + " characters, more than the " + Parser.MAX_FILE_BYTES + " (1 MiB) a program file may hold, so it "
                    + "would not read back; " + INSTEAD);
        }
        SyntaxTree tree;
        try {
            tree = Parser.parse("derive's text", program.toString());
        } catch (SyntaxError printerBug) {
            throw new IllegalStateException("derive printed text for " + what + " that does not parse: " + printerBug,
                    printerBug);
        }
        Map<String, Long> depths = ExpansionBounds.depths(tree.decls());
        for (int k = 0; k < formulas; k++) {
            long depth = depths.get(prefix + k);
            if (depth > ExpansionBounds.MAX_DEPTH) {
                throw new SizeLimitError("derive's text for " + names.get(k) + " would nest " + depth + " levels once "
                        + "its lets are expanded, more than the " + ExpansionBounds.MAX_DEPTH + " the language reads (lets "
                        + "do not lower that depth: it is the formula's own), so it would not read back; " + INSTEAD);
            }
        }
    }
}
