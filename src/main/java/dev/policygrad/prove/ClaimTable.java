package dev.policygrad.prove;

import java.util.ArrayList;
import java.util.List;

/**
 * Claim verdicts as text: per claim its statement, its verdict and what the verdict rests on (the
 * normal form, the counterexample, or the points checked), wrapped to a width.
 */
public final class ClaimTable {

    private ClaimTable() {}

    /** The verdicts, each line at most {@code width} columns (long words are not broken). */
    public static String render(List<ClaimVerdict> verdicts, int width) {
        StringBuilder out = new StringBuilder();
        for (ClaimVerdict v : verdicts) append(out, v, width);
        long proved = verdicts.stream().filter(v -> v.kind() == ClaimVerdict.Kind.PROVED).count();
        long numeric = verdicts.stream().filter(v -> v.kind() == ClaimVerdict.Kind.HOLDS_NUMERICALLY).count();
        long refuted = verdicts.stream().filter(v -> v.kind() == ClaimVerdict.Kind.REFUTED).count();
        out.append(verdicts.size()).append(verdicts.size() == 1 ? " claim: " : " claims: ").append(proved)
                .append(" proved, ").append(numeric).append(" hold numerically, ").append(refuted).append(" refuted");
        long undecided = verdicts.size() - proved - numeric - refuted;
        if (undecided > 0) out.append(", ").append(undecided).append(" undecided");
        return out.append('\n').toString();
    }

    /** One verdict's lines: the claim, its verdict and what the verdict rests on, at most {@code width} columns. */
    static void append(StringBuilder out, ClaimVerdict v, int width) {
        wrap(out, "claim " + v.name() + ": " + v.statement(), "    ", width);
        switch (v.kind()) {
            case PROVED:
                wrap(out, "  proved: both sides reduce to the normal form " + v.normalForm().replace("\n", "; ")
                        + " (and agree at " + v.points() + " random points)", "    ", width);
                break;
            case REFUTED: {
                ClaimVerdict.Counterexample c = v.counterexample();
                wrap(out, "  REFUTED: the sides differ at " + point(c), "    ", width);
                wrap(out, "    lhs = " + ProofTable.joined(c.lhs()), "          ", width);
                wrap(out, "    rhs = " + ProofTable.joined(c.rhs()), "          ", width);
                break;
            }
            case HOLDS_NUMERICALLY:
                wrap(out, "  holds numerically: the sides agree at " + v.points() + " random points (max |lhs - rhs| = "
                        + String.format("%.1e", v.maxDifference()) + ", relative tolerance " + String.format("%.0e", v.tolerance())
                        + (v.skipped() > 0 ? "; " + v.skipped() + " points outside the domain skipped" : "")
                        + "). Not a proof: no common normal form was found.", "    ", width);
                break;
            default:
                wrap(out, "  undecided: only " + v.points() + " points could be evaluated (" + v.skipped()
                        + " were outside a side's domain)", "    ", width);
        }
    }

    private static String point(ClaimVerdict.Counterexample c) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.parameters().size(); i++) {
            parts.add(c.parameters().get(i) + " = " + ProofTable.number(c.parameterValues()[i]));
        }
        if (c.state().length > 0) parts.add("s = " + ProofTable.joined(c.state()));
        if (!c.action().isEmpty()) parts.add("a = " + c.action());
        return String.join(", ", parts);
    }

    /** Appends {@code text} broken at spaces into lines of at most {@code width}, continuations indented. */
    static void wrap(StringBuilder out, String text, String indent, int width) {
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') lead++;
        StringBuilder line = new StringBuilder(text.substring(0, lead));
        boolean empty = true;
        for (String word : text.substring(lead).split(" +")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) line.append(' ');
            line.append(word);
            empty = false;
        }
        out.append(line).append('\n');
    }
}
