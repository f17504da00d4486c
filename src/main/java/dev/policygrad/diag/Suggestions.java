package dev.policygrad.diag;

import java.util.Collection;

/** "Did you mean ...?" for misspelt names: the closest known name by edit distance. */
public final class Suggestions {

    private Suggestions() {}

    /** Names longer than this get no suggestion: the search costs the product of the two lengths. */
    static final int LONGEST = 256;

    /** The most candidates compared; a larger set is searched no further. */
    static final int MOST_CANDIDATES = 10_000;

    /**
     * {@code "; did you mean 'theta'?"} or the empty string when nothing is close. At most 3 edits
     * count as close, so a candidate whose length differs by more is skipped unmeasured; the work is
     * bounded by {@link #LONGEST} and {@link #MOST_CANDIDATES}.
     */
    public static String didYouMean(String name, Collection<String> known) {
        if (name.length() > LONGEST) return "";
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int compared = 0;
        for (String candidate : known) {
            if (Math.abs(candidate.length() - name.length()) > allowed) continue;
            if (++compared > MOST_CANDIDATES) break;
            int d = distance(name, candidate);
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed ? "; did you mean '" + best + "'?" : "";
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
