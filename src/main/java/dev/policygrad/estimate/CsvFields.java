package dev.policygrad.estimate;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.UsageError;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a CSV file split into its comma-separated fields as RFC 4180 writes them (section 2,
 * rules 5 to 7): a field is plain text without quotes, or enclosed in double quotes, inside which a
 * comma is text and {@code ""} stands for one quote. Spreadsheets and pandas quote any field, numbers
 * included, so {@code "0.5"} is the field 0.5. Spaces around a quoted field are allowed, as are spaces
 * in a plain one (the reader strips them). A quoted field must end on its line: estimates and
 * parameter names hold no line breaks.
 */
final class CsvFields {

    /**
     * A field: {@code text} as written (quotes included, for the extent of an error's caret), its
     * {@code value} (quotes removed, {@code ""} read as one quote), its 1-based {@code column}, and
     * whether it was {@code quoted}.
     */
    record Field(String text, String value, int column, boolean quoted) {}

    private CsvFields() {}

    /** The fields of {@code line}, line {@code number} of {@code file} (named in errors); a final CR is dropped. */
    static List<Field> split(String line, String file, int number) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        List<Field> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int start = at;
            int open = skipSpaces(l, at);
            if (open < l.length() && l.charAt(open) == '"') {
                StringBuilder value = new StringBuilder();
                int k = open + 1;
                while (true) {
                    if (k >= l.length()) {
                        throw new UsageError(new Span(file, number, open + 1, 0, l.length() - open),
                                "the quoted field that starts here has no closing '\"' on its line");
                    }
                    char c = l.charAt(k);
                    if (c == '"') {
                        if (k + 1 < l.length() && l.charAt(k + 1) == '"') {
                            value.append('"');
                            k += 2;
                            continue;
                        }
                        k++;
                        break;
                    }
                    value.append(c);
                    k++;
                }
                int after = skipSpaces(l, k);
                if (after < l.length() && l.charAt(after) != ',') {
                    throw new UsageError(new Span(file, number, after + 1, 0, 1), "text after the closing quote of a "
                            + "quoted field; expected ',' or the end of the line (a quote inside a field is written \"\")");
                }
                at = after;
                out.add(new Field(l.substring(start, at), value.toString(), start + 1, true));
            } else {
                int comma = l.indexOf(',', at);
                at = comma < 0 ? l.length() : comma;
                out.add(new Field(l.substring(start, at), l.substring(start, at), start + 1, false));
            }
            if (at >= l.length()) return out;
            at++;  // the comma
        }
    }

    private static int skipSpaces(String l, int from) {
        int i = from;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) i++;
        return i;
    }
}
