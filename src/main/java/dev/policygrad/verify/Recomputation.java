package dev.policygrad.verify;

import java.util.List;
import java.util.Locale;

/**
 * Estimates made elsewhere compared, episode by episode, with the estimator their author says they
 * implemented, recomputed by policygrad on the same episodes: equal when every entry agrees to
 * {@link #TOLERANCE} relative to the larger of the two rows' largest entry (and 1e-12 absolute), else
 * the first episode and parameter where they differ.
 *
 * @param estimator the estimator recomputed
 * @param episodes  how many episodes were compared
 * @param episode   the first episode that differs, or -1
 * @param parameter the parameter where it first differs, or null
 * @param given     the file's value there
 * @param computed  policygrad's value there
 */
public record Recomputation(String estimator, int episodes, int episode, String parameter, double given,
        double computed) {

    /** Relative agreement that counts as equal up to rounding. */
    public static final double TOLERANCE = 1e-8;

    public boolean agrees() {
        return episode < 0;
    }

    /** Rows compared as they come, keeping only the first place where they differ. */
    public static final class Comparison {
        private final String estimator;
        private final List<String> names;
        private int episodes;
        private int episode = -1;
        private String parameter;
        private double given, computed;

        public Comparison(String estimator, List<String> names) {
            this.estimator = estimator;
            this.names = List.copyOf(names);
        }

        /** Compares the next episode's row from the file, {@code given}, with the recomputed one. */
        public void add(double[] given, double[] computed) {
            int i = episodes++;
            if (episode >= 0) return;
            double scale = 0;
            for (int j = 0; j < names.size(); j++) scale = Math.max(scale, Math.max(Math.abs(given[j]), Math.abs(computed[j])));
            for (int j = 0; j < names.size(); j++) {
                if (Math.abs(given[j] - computed[j]) > TOLERANCE * scale + 1e-12) {
                    this.episode = i;
                    this.parameter = names.get(j);
                    this.given = given[j];
                    this.computed = computed[j];
                    return;
                }
            }
        }

        /** The comparison of every row added. */
        public Recomputation result() {
            return new Recomputation(estimator, episodes, episode, parameter, given, computed);
        }
    }

    public String describe() {
        if (agrees()) {
            return String.format(Locale.ROOT, "the estimates equal %s, recomputed on each of the %d episodes, to %.0e "
                    + "relative", estimator, episodes, TOLERANCE);
        }
        return String.format(Locale.ROOT, "the estimates are not %s: episode %d, %s is %.10g in the file, %s gives "
                + "%.10g", estimator, episode, parameter, given, estimator, computed);
    }
}
