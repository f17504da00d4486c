package dev.policygrad.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * log pi and every entry of d log pi / d theta, for each way the language writes a discrete or
 * Gaussian policy, against a 50-digit reference computed here with BigDecimal (its own exp, log1p
 * and log, written from their series, not from the engine's formulas): relative error at most
 * 1e-10 at logits up to +-1000, wherever the exact value is a normal double. A value below the
 * smallest normal double is allowed to round towards zero.
 */
class LogSpaceAccuracyProperties {

    static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);
    static final BigDecimal LN2 = new BigDecimal("0.69314718055994530941723212145817656807550013436026");
    static final BigDecimal HALF_LOG_2PI = new BigDecimal("0.91893853320467274178032973640561763986139747363778");
    static final double RELATIVE = 1e-10;

    static final String[] CATEGORICAL_FORMS = {
        "policy pi(a | s) = categorical(logits = z)",
        "policy pi(a | s) = categorical(probs = softmax(z))",
        "policy pi(a | s) = softmax(z)[a]",
        "policy log pi(a | s) = log(softmax(z)[a])",
    };

    static final String[] BERNOULLI_FORMS = {
        "policy pi(a | s) = bernoulli(logit = c)",
        "policy pi(a | s) = bernoulli(p = sigmoid(c))",
        "policy pi(a | s) = if a == 1 then sigmoid(c) else 1 - sigmoid(c)",
    };

    @Property(tries = 400, seed = "20261130")
    void categoricalLogProbabilitiesMatchFiftyDigits(@ForAll @IntRange(min = 2, max = 5) int n,
            @ForAll @IntRange(min = 0, max = 3) int form, @ForAll @IntRange(min = 0, max = 4) int action,
            @ForAll @IntRange(min = 0, max = 3) int scaleExponent, @ForAll("seeds") long seed) {
        int a = action % n;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double scale = Math.pow(10, scaleExponent);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = random.nextDouble(-scale, scale);
        String source = "action a in 0.." + (n - 1) + "\nparam z[" + n + "] = 0\n" + CATEGORICAL_FORMS[form] + "\n";
        Evaluator evaluator = evaluator(source);
        double[] gradient = new double[n];
        double logPi = evaluator.score(z, new double[0], a, gradient);

        // reference: S = sum_{i != a} exp(z_i - z_a); log pi = -log1p(S); d/dz_i = [i = a] - p_i
        BigDecimal[] d = new BigDecimal[n];
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            d[i] = exp(new BigDecimal(z[i]).subtract(new BigDecimal(z[a])));
            if (i != a) s = s.add(d[i], MC);
        }
        BigDecimal onePlusS = BigDecimal.ONE.add(s, MC);
        assertClose(log1p(s).negate(), logPi, "log pi", source, z, a);
        for (int i = 0; i < n; i++) {
            BigDecimal expected = i == a ? s.divide(onePlusS, MC) : d[i].divide(onePlusS, MC).negate();
            assertClose(expected, gradient[i], "d/dz[" + i + "]", source, z, a);
        }
    }

    @Property(tries = 300, seed = "20261130")
    void bernoulliLogProbabilitiesMatchFiftyDigits(@ForAll @IntRange(min = 0, max = 2) int form,
            @ForAll @IntRange(min = 0, max = 1) int a, @ForAll @DoubleRange(min = -1000, max = 1000) double c) {
        String source = "action a in 0..1\nparam c = 0\n" + BERNOULLI_FORMS[form] + "\n";
        double[] gradient = new double[1];
        double logPi = evaluator(source).score(new double[] {c}, new double[0], a, gradient);
        // success: log sigmoid(c) = -log1p(exp(-c)); failure: -log1p(exp(c)); d/dc = a - sigmoid(c)
        BigDecimal x = new BigDecimal(a == 1 ? -c : c);
        BigDecimal e = exp(x);
        assertClose(log1p(e).negate(), logPi, "log pi", source, new double[] {c}, a);
        BigDecimal partial = e.divide(BigDecimal.ONE.add(e, MC), MC);
        assertClose(a == 1 ? partial : partial.negate(), gradient[0], "d/dc", source, new double[] {c}, a);
    }

    @Property(tries = 300, seed = "20261130")
    void normalLogDensitiesMatchFiftyDigits(@ForAll @DoubleRange(min = -1000, max = 1000) double m,
            @ForAll @DoubleRange(min = -5, max = 5) double logStd, @ForAll @DoubleRange(min = -3, max = 3) double offset) {
        String source = "action a : real\nparam m = 0\nparam ls = 0\npolicy pi(a | s) = normal(mean = m, std = exp(ls))\n";
        double a = m + offset * Math.exp(logStd);
        double[] gradient = new double[2];
        double logPi = evaluator(source).score(new double[] {m, logStd}, new double[0], a, gradient);
        BigDecimal sd = exp(new BigDecimal(logStd));
        BigDecimal u = new BigDecimal(a).subtract(new BigDecimal(m)).divide(sd, MC);
        BigDecimal expected = u.multiply(u, MC).divide(BigDecimal.valueOf(2), MC).negate()
                .subtract(new BigDecimal(logStd)).subtract(HALF_LOG_2PI, MC);
        double[] theta = {m, logStd};
        assertClose(expected, logPi, "log pi", source, theta, a);
        assertClose(u.divide(sd, MC), gradient[0], "d/dm", source, theta, a);
        // u^2 - 1 is a difference: its condition number is (u^2 + 1) / |u^2 - 1|, so near |u| = 1 no
        // method on doubles gets relative digits; the bound there is relative to u^2 + 1
        BigDecimal u2 = u.multiply(u, MC);
        assertClose(u2.subtract(BigDecimal.ONE), gradient[1], "d/dls", source, theta, a,
                u2.add(BigDecimal.ONE).doubleValue());
    }

    /**
     * The same forms with the logits written as constants ({@code let z = [...]}, {@code let c = ...}):
     * softmax and sigmoid of constants are not folded to numbers, whose e^-900 would be 0 and its log
     * -Infinity, so their log is taken in log space as for parameters.
     */
    @Property(tries = 200, seed = "20261202")
    void constantLogitsKeepTheirLogSpaceForms(@ForAll @IntRange(min = 0, max = 6) int form,
            @ForAll @IntRange(min = 0, max = 2) int action, @ForAll("seeds") long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double logPi;
        BigDecimal expected;
        String source;
        if (form < CATEGORICAL_FORMS.length) {
            double[] z = new double[3];
            for (int i = 0; i < 3; i++) z[i] = Math.rint(random.nextDouble(-1000, 1000));
            source = "action a in 0..2\nlet z = [" + z[0] + ", " + z[1] + ", " + z[2] + "]\n" + CATEGORICAL_FORMS[form]
                    + "\n";
            logPi = evaluator(source).logPi(new double[0], new double[0], action);
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < 3; i++) {
                if (i != action) sum = sum.add(exp(new BigDecimal(z[i]).subtract(new BigDecimal(z[action]))), MC);
            }
            expected = log1p(sum).negate();
        } else {
            double c = Math.rint(random.nextDouble(-1000, 1000));
            int a = action % 2;
            source = "action a in 0..1\nlet c = " + c + "\n" + BERNOULLI_FORMS[form - CATEGORICAL_FORMS.length] + "\n";
            logPi = evaluator(source).logPi(new double[0], new double[0], a);
            expected = log1p(exp(new BigDecimal(a == 1 ? -c : c))).negate();
        }
        assertClose(expected, logPi, "log pi", source, new double[0], action);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    private static Evaluator evaluator(String source) {
        return Policy.of(Checker.check(Parser.parse("p.pg", source))).newEvaluator();
    }

    private static void assertClose(BigDecimal expected, double actual, String what, String source, double[] theta,
            double action) {
        assertClose(expected, actual, what, source, theta, action, 0);
    }

    /** Relative error at most 1e-10 of {@code max(|expected|, scale)}. */
    private static void assertClose(BigDecimal expected, double actual, String what, String source, double[] theta,
            double action, double scale) {
        double e = expected.doubleValue();
        String where = what + " of\n" + source + "at theta = " + java.util.Arrays.toString(theta) + ", a = " + action
                + ": expected " + expected.round(new MathContext(20)) + ", got " + actual;
        assertTrue(Double.isFinite(actual), where);
        if (Math.abs(e) < Double.MIN_NORMAL && scale == 0) {
            assertTrue(Math.abs(actual) <= 2 * Double.MIN_NORMAL, where);
            return;
        }
        BigDecimal error = new BigDecimal(actual).subtract(expected).abs()
                .divide(expected.abs().max(new BigDecimal(scale)), MC);
        assertTrue(error.doubleValue() <= RELATIVE, where + " (relative error " + error.doubleValue() + ")");
    }

    /** e^x to 50 digits: e^x = (e^(x / 2^k))^(2^k) with |x / 2^k| < 1/2 and the Taylor series. */
    static BigDecimal exp(BigDecimal x) {
        MathContext wide = new MathContext(80, RoundingMode.HALF_EVEN);
        int k = 0;
        BigDecimal r = x;
        while (r.abs().compareTo(new BigDecimal("0.5")) > 0) {
            r = r.divide(BigDecimal.valueOf(2), wide);
            k++;
        }
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        for (int i = 1; i < 200; i++) {
            term = term.multiply(r, wide).divide(BigDecimal.valueOf(i), wide);
            sum = sum.add(term, wide);
            if (term.abs().compareTo(BigDecimal.ONE.movePointLeft(90)) < 0) break;
        }
        for (int i = 0; i < k; i++) sum = sum.multiply(sum, wide);
        return sum.round(MC);
    }

    /**
     * log(1 + t) to 50 relative digits: for |t| &lt;= 1/2 the series 2 atanh(t / (2 + t)), which keeps
     * every digit of a tiny t; for larger t, log(1 + t) = k log 2 + log1p(m - 1) with 1 + t = m 2^k.
     */
    static BigDecimal log1p(BigDecimal t) {
        MathContext wide = new MathContext(80, RoundingMode.HALF_EVEN);
        if (t.abs().compareTo(new BigDecimal("0.5")) <= 0) {
            BigDecimal y = t.divide(BigDecimal.valueOf(2).add(t, wide), wide);
            BigDecimal y2 = y.multiply(y, wide), power = y, sum = BigDecimal.ZERO;
            for (int i = 1; i < 2000; i += 2) {
                BigDecimal term = power.divide(BigDecimal.valueOf(i), wide);
                sum = sum.add(term, wide);
                if (term.abs().compareTo(sum.abs().movePointLeft(85)) < 0) break;
                power = power.multiply(y2, wide);
            }
            return sum.multiply(BigDecimal.valueOf(2), wide).round(MC);
        }
        BigDecimal m = BigDecimal.ONE.add(t, wide);
        int k = 0;
        BigDecimal two = BigDecimal.valueOf(2);
        while (m.compareTo(new BigDecimal("1.4")) > 0) {
            m = m.divide(two, wide);
            k++;
        }
        while (m.compareTo(new BigDecimal("0.7")) < 0) {
            m = m.multiply(two, wide);
            k--;
        }
        return LN2.multiply(BigDecimal.valueOf(k), wide).add(log1p(m.subtract(BigDecimal.ONE, wide)), wide).round(MC);
    }
}
