package dev.policygrad.objective;

/**
 * grad J by the policy gradient theorem in doubles, as {@link Cancellation} writes it:
 * sum_t sum_s w_t(s) sum_a pi(a | s) grad log pi(a | s) (Q_t(s, a) - Q_t(s, a*)), a* the likeliest action of s,
 * together with the sums that say whether its terms cancelled beyond what the doubles hold.
 *
 * <p>Each term is a product of four factors whose partial products may leave the range of doubles although the
 * term and the sum do not: with pi(left) = e^-360 in the short corridor, w ~ 2e156 and a difference of action
 * values ~ -4e156 make w pi (Q - Q*) ~ -1e313, while the score ~ 5e-157 brings the term back to ~ -4e156. Where a
 * product in the plain sum overflows or underflows, or where the values are scaled ({@code scale} &gt; 0), the sum
 * is taken again in {@link #scaled}'s form; otherwise the plain sum is the result, bit for bit.
 *
 * <p>Cost: the plain sum checks each term's difference against its own rounding, k u (|Q|(s, a) + |Q|(s, a*))
 * &lt;= tolerance |Q(s, a) - Q(s, a*)|, one comparison a term; where every term passes, so does every component,
 * and {@link Cancellation}'s sums are not taken. They are, in a second pass, only where some term's difference is
 * within its rounding (nearly equal action values: a symmetry, or a policy that rarely leaves a set of states).
 */
final class AdvantageGradient {

    /**
     * Component i is {@code sum[i]} 2^{@code exponent[i]} (the values' scale included); {@code cancellation} is null
     * where every term passed on its own.
     */
    record Sum(double[] sum, int[] exponent, Cancellation cancellation) {}

    private final double[][][] q;
    private final double[][][] sizes;
    private final double[][] weight;
    private final int scale;
    private final double[][] pi;
    private final double[][][] score;
    private final int[] likeliest;
    private final int[][] kind;
    private final double rounding;
    private final int parameterCount;

    /**
     * @param q         Q_t(s, a) 2^-scale, where pi(a | s) &gt; 0 and w_t(s) != 0
     * @param sizes     |Q|_t(s, a) 2^-scale, the size of Q_t(s, a)'s rounding (0 where it is R(s, a) exactly)
     * @param weight    w_t(s)
     * @param likeliest a* of every non-terminal state
     * @param kind      the first action with a's reward and transitions, for every state and action
     * @param rounding  k u, the rounding of an action value relative to its size
     */
    AdvantageGradient(double[][][] q, double[][][] sizes, double[][] weight, int scale, double[][] pi,
            double[][][] score, int[] likeliest, int[][] kind, double rounding, int parameterCount) {
        this.q = q;
        this.sizes = sizes;
        this.weight = weight;
        this.scale = scale;
        this.pi = pi;
        this.score = score;
        this.likeliest = likeliest;
        this.kind = kind;
        this.rounding = rounding;
        this.parameterCount = parameterCount;
    }

    /** The gradient, with {@link Cancellation}'s sums where a term's difference is not clear of its rounding. */
    Sum sum(double tolerance) {
        if (scale == 0) {
            Sum plain = plain(tolerance);
            if (plain != null) return plain;
        }
        return scaled();
    }

    /**
     * |Q|(s, a) + |Q|(s, a*), which Q(s, a) - Q(s, a*) is rounded relative to; 0 where a has a*'s reward and
     * transitions.
     */
    private double spread(int t, int s, int a) {
        int top = likeliest[s];
        return kind[s][a] == kind[s][top] ? 0 : sizes[t][s][a] + sizes[t][s][top];
    }

    /** The plain sum, or null where a product leaves the normal doubles. */
    private Sum plain(double tolerance) {
        double[] gradient = new double[parameterCount];
        boolean outOfRange = false, termsPass = true;
        for (int t = 0; t < q.length; t++) {
            for (int s = 0; s < pi.length; s++) {
                double w = weight[t][s];
                if (w == 0) continue;
                int top = likeliest[s];
                double base = q[t][s][top];
                for (int a = 0; a < pi[s].length; a++) {
                    if (a == top || pi[s][a] == 0) continue;
                    double difference = q[t][s][a] - base;
                    termsPass &= rounding * spread(t, s, a) <= tolerance * Math.abs(difference);
                    if (difference == 0) continue;
                    double c = w * pi[s][a] * difference;
                    outOfRange |= !normal(c);
                    double[] g = score[s][a];
                    for (int i = 0; i < parameterCount; i++) {
                        double term = c * g[i];
                        outOfRange |= g[i] != 0 && !normal(term);
                        gradient[i] += term;
                    }
                }
            }
        }
        if (outOfRange) return null;
        if (termsPass || componentsPass(tolerance)) return new Sum(gradient, new int[parameterCount], null);
        // the scores do not depend on t: each action's coefficients are summed over t first
        double[][] spreads = new double[pi.length][], gaps = new double[pi.length][];
        for (int t = 0; t < q.length; t++) {
            for (int s = 0; s < pi.length; s++) {
                double w = weight[t][s];
                if (w == 0) continue;
                double base = q[t][s][likeliest[s]];
                if (spreads[s] == null) {
                    spreads[s] = new double[pi[s].length];
                    gaps[s] = new double[pi[s].length];
                }
                for (int a = 0; a < pi[s].length; a++) {
                    if (a == likeliest[s] || pi[s][a] == 0) continue;
                    spreads[s][a] += w * pi[s][a] * spread(t, s, a);
                    gaps[s][a] += w * pi[s][a] * Math.abs(q[t][s][a] - base);
                }
            }
        }
        double[] values = new double[parameterCount], differences = new double[parameterCount];
        for (int s = 0; s < pi.length; s++) {
            for (int a = 0; spreads[s] != null && a < pi[s].length; a++) {
                double v = spreads[s][a], d = gaps[s][a];
                if (v == 0 && d == 0) continue;
                double[] g = score[s][a];
                for (int i = 0; i < parameterCount; i++) {
                    values[i] += v * Math.abs(g[i]);
                    differences[i] += d * Math.abs(g[i]);
                }
            }
        }
        Cancellation cancellation = Cancellation.ofDoubles(values, differences);
        return cancellation == null ? null : new Sum(gradient, new int[parameterCount], cancellation);
    }

    /**
     * Whether every component passes as a whole, k u values_i &lt;= tolerance differences_i, where some terms do
     * not: sum of (k u spread - tolerance |Q - Q*|) w pi |score_i| &lt;= 0, one sum a component, so that the terms
     * whose action values are equal by a symmetry (two moves along a grid's diagonal) cost half what
     * {@link Cancellation}'s two sums would. False where a sum is not finite.
     */
    private boolean componentsPass(double tolerance) {
        double[][] byAction = new double[pi.length][];
        for (int t = 0; t < q.length; t++) {
            for (int s = 0; s < pi.length; s++) {
                double w = weight[t][s];
                if (w == 0) continue;
                double base = q[t][s][likeliest[s]];
                if (byAction[s] == null) byAction[s] = new double[pi[s].length];
                for (int a = 0; a < pi[s].length; a++) {
                    if (a == likeliest[s] || pi[s][a] == 0) continue;
                    byAction[s][a] += w * pi[s][a] * (rounding * spread(t, s, a) - tolerance * Math.abs(q[t][s][a] - base));
                }
            }
        }
        double[] excess = new double[parameterCount];
        for (int s = 0; s < pi.length; s++) {
            for (int a = 0; byAction[s] != null && a < pi[s].length; a++) {
                double e = byAction[s][a];
                if (e == 0) continue;
                double[] g = score[s][a];
                for (int i = 0; i < parameterCount; i++) excess[i] += e * Math.abs(g[i]);
            }
        }
        for (double x : excess) if (!(x <= 0)) return false;
        return true;
    }

    /** Finite, nonzero and not subnormal. */
    private static boolean normal(double x) {
        return Math.abs(x) >= Double.MIN_NORMAL && Math.abs(x) <= Double.MAX_VALUE;
    }

    /** The binary exponent of a finite nonzero x, subnormals included: x = m 2^e with 1 &lt;= |m| &lt; 2. */
    private static int exponent(double x) {
        return Math.abs(x) >= Double.MIN_NORMAL ? Math.getExponent(x) : Math.getExponent(x * 0x1p54) - 54;
    }

    /** x 2^-exponent(x), in [1, 2) in magnitude. */
    private static double mantissa(double x) {
        return Math.scalb(x, -exponent(x));
    }

    /**
     * The three sums with every term w pi (Q - Q*) score_i kept as m 2^e: the factors' mantissas (in [1, 2), exact)
     * multiplied in the plain sum's order (so with its rounding) and their exponents added. Each sum of component i
     * is then sum of m 2^(e - E) with E the largest exponent of its terms, scaled by 2^E at the end: no partial
     * product or partial sum leaves the range. Terms more than 2^1074 below the largest are lost, below the sum's
     * rounding. The values' scale is added to every exponent.
     */
    private Sum scaled() {
        int[][] largest = new int[3][parameterCount];
        for (int[] row : largest) java.util.Arrays.fill(row, Integer.MIN_VALUE);
        double[][] sums = new double[3][parameterCount];
        for (int pass = 0; pass < 2; pass++) {
            for (int t = 0; t < q.length; t++) {
                for (int s = 0; s < pi.length; s++) {
                    double w = weight[t][s];
                    if (w == 0) continue;
                    double base = q[t][s][likeliest[s]];
                    for (int a = 0; a < pi[s].length; a++) {
                        double p = pi[s][a];
                        if (a == likeliest[s] || p == 0) continue;
                        double difference = q[t][s][a] - base, spread = spread(t, s, a);
                        if (difference == 0 && spread == 0) continue;
                        int e = exponent(w) + exponent(p);
                        double c = mantissa(w) * mantissa(p);
                        double[] g = score[s][a];
                        for (int i = 0; i < parameterCount; i++) {
                            if (g[i] == 0) continue;
                            int eg = e + exponent(g[i]);
                            double cg = c * mantissa(g[i]);
                            if (difference != 0) {
                                double term = cg * mantissa(difference);
                                int exp = eg + exponent(difference);
                                add(pass, largest[0], sums[0], i, term, exp);
                                add(pass, largest[2], sums[2], i, Math.abs(term), exp);
                            }
                            if (spread != 0) {
                                double m = Math.abs(cg * mantissa(spread));
                                add(pass, largest[1], sums[1], i, m, eg + exponent(spread));
                            }
                        }
                    }
                }
            }
        }
        int[] exponent = new int[parameterCount];
        double[] values = new double[parameterCount], differences = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            exponent[i] = largest[0][i] == Integer.MIN_VALUE ? 0 : largest[0][i] + scale;
            values[i] = Cancellation.log10(sums[1][i], largest[1][i] + scale);
            differences[i] = Cancellation.log10(sums[2][i], largest[2][i] + scale);
        }
        return new Sum(sums[0], exponent, new Cancellation(values, differences));
    }

    /** Pass 0 finds the largest exponent of each component's terms; pass 1 adds m 2^(e - largest). */
    private static void add(int pass, int[] largest, double[] sums, int i, double m, int e) {
        if (pass == 0) largest[i] = Math.max(largest[i], e);
        else sums[i] += Math.scalb(m, e - largest[i]);
    }
}
