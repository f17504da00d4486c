package dev.policygrad.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * {@code e^x} written in decimal from x, for a density or probability printed beside its logarithm:
 * {@code pi = exp(log pi)}. Where {@code e^x} is a normal double ({@code -708.4 < x < 709.78}, about)
 * it is {@code Math.exp(x)}; beyond, the double is {@code Infinity} above {@code 1.8e308}, or a
 * subnormal that keeps fewer digits the smaller it is (from {@code 2.2e-308}), or 0 below
 * {@code 4.9e-324}, none of them the number. There {@code e^x = m 10^e} is computed in log space:
 * {@code e = floor(x / ln 10)} and {@code m = exp(x - e ln 10)} in {@code [1, 10)}, in BigDecimal
 * arithmetic from the exact value of x, with {@code ln 10} to as many digits as the integer part of
 * {@code x / ln 10} needs and 25 more, so m is correct to the digits printed (e is exact, any size).
 */
public final class Exponential {

    private Exponential() {}

    /** Whether {@code Math.exp(x)} is {@code e^x} to full relative precision: a normal double, or x not finite. */
    public static boolean representable(double x) {
        double y = Math.exp(x);
        return !Double.isFinite(x) || y >= Double.MIN_NORMAL && y <= Double.MAX_VALUE;
    }

    /**
     * {@code e^x} beyond the normal doubles as {@code m e+E} with m to {@code digits} significant digits,
     * trailing zeros dropped ({@code 1.96784e+323}, {@code 1.01122e-391}), as {@link Text#number} writes
     * large and small numbers; x must be finite.
     */
    public static String scientific(double x, int digits) {
        if (!Double.isFinite(x)) throw new IllegalArgumentException("e^" + x + " has no decimal form");
        int n = Math.max(1, digits);
        MathContext guard = new MathContext(n + 25, RoundingMode.HALF_EVEN);
        BigDecimal exact = new BigDecimal(x);
        // |e| <= |x| / ln 10 + 1, so ln 10 to (its digits + n + 25) leaves x - e ln 10 good to n + 25 digits
        int integerDigits = exact.abs().setScale(0, RoundingMode.CEILING).toBigInteger().toString().length() + 1;
        MathContext wide = new MathContext(integerDigits + n + 25, RoundingMode.HALF_EVEN);
        BigDecimal ln10 = ln10(wide);
        BigInteger e = exact.divide(ln10, wide).setScale(0, RoundingMode.FLOOR).toBigInteger();
        BigDecimal r = exact.subtract(new BigDecimal(e).multiply(ln10, wide), wide);
        if (r.signum() < 0) {
            e = e.subtract(BigInteger.ONE);
            r = r.add(ln10, wide);
        } else if (r.compareTo(ln10) >= 0) {
            e = e.add(BigInteger.ONE);
            r = r.subtract(ln10, wide);
        }
        BigDecimal m = exp(r, guard).round(new MathContext(n, RoundingMode.HALF_EVEN));
        if (m.compareTo(BigDecimal.TEN) >= 0) {
            m = m.movePointLeft(1);
            e = e.add(BigInteger.ONE);
        }
        String mantissa = m.stripTrailingZeros().toPlainString();
        return mantissa + "e" + (e.signum() >= 0 ? "+" : "") + e;
    }

    /** {@code e^r} for {@code 0 <= r < 2.31}: Taylor's series at {@code r / 2^8}, squared 8 times. */
    private static BigDecimal exp(BigDecimal r, MathContext mc) {
        MathContext work = new MathContext(mc.getPrecision() + 10, RoundingMode.HALF_EVEN);
        BigDecimal y = r.divide(BigDecimal.valueOf(256), work);
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        BigDecimal tolerance = BigDecimal.ONE.movePointLeft(work.getPrecision() + 2);
        for (int k = 1; term.abs().compareTo(tolerance) > 0; k++) {
            term = term.multiply(y, work).divide(BigDecimal.valueOf(k), work);
            sum = sum.add(term, work);
        }
        for (int i = 0; i < 8; i++) sum = sum.multiply(sum, work);
        return sum.round(mc);
    }

    private static BigDecimal cachedLn10 = BigDecimal.ZERO;

    /** {@code ln 10 = 3 ln 2 + ln(5/4) = 6 atanh(1/3) + 2 atanh(1/9)}, to {@code mc}'s precision. */
    private static synchronized BigDecimal ln10(MathContext mc) {
        if (cachedLn10.precision() < mc.getPrecision()) {
            MathContext work = new MathContext(mc.getPrecision() + 10, RoundingMode.HALF_EVEN);
            cachedLn10 = atanh(3, work).multiply(BigDecimal.valueOf(6), work)
                    .add(atanh(9, work).multiply(BigDecimal.valueOf(2), work), work);
        }
        return cachedLn10.round(mc);
    }

    /** {@code atanh(1 / q) = sum_k q^-(2k+1) / (2k + 1)}. */
    private static BigDecimal atanh(int q, MathContext mc) {
        BigDecimal q2 = BigDecimal.valueOf((long) q * q);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(q), mc), sum = power;
        BigDecimal tolerance = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int k = 1; power.compareTo(tolerance) > 0; k++) {
            power = power.divide(q2, mc);
            sum = sum.add(power.divide(BigDecimal.valueOf(2L * k + 1), mc), mc);
        }
        return sum;
    }
}
