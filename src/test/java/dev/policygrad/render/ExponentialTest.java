package dev.policygrad.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * {@code e^x} written from x where it leaves the normal doubles, against Commons Math's 60-digit
 * decimal floating point ({@link Dfp}, an implementation of exp of its own, with exponents to
 * 10^131072) rounded to the digits printed.
 */
class ExponentialTest {

    private static final DfpField FIELD = new DfpField(60);

    /** e^x to {@code digits} significant digits, from Dfp, as a BigDecimal. */
    private static BigDecimal reference(double x, int digits) {
        Dfp e = DfpMath.exp(FIELD.newDfp(new BigDecimal(x).toPlainString()));
        return new BigDecimal(e.toString()).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    }

    private static BigDecimal printed(String text) {
        return new BigDecimal(text);
    }

    @Test
    void beyondTheNormalDoublesTheDigitsAreTheReferencesRounded() {
        double[] xs = {744.0810614667953, 709.79, 1000, 5000.25, -708.4, -745.5, -744.44, -800, -900, -5000.123,
            -99999.5, 123456.789};
        for (double x : xs) {
            for (int digits : new int[] {1, 6, 17}) {
                String text = Exponential.scientific(x, digits);
                assertEquals(0, reference(x, digits).compareTo(printed(text)), "e^" + x + " to " + digits + ": " + text);
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 300; i++) {
            double x = random.nextBoolean() ? random.nextDouble(709.8, 30000) : -random.nextDouble(708.4, 30000);
            String text = Exponential.scientific(x, 17);
            assertEquals(0, reference(x, 17).compareTo(printed(text)), "e^" + x + ": " + text);
        }
    }

    @Test
    void theTextIsAsTextNumberWritesLargeAndSmallNumbers() {
        assertEquals("1.41351e+323", Exponential.scientific(744.0810614667953, 6));
        assertEquals("1.36448e-391", Exponential.scientific(-900, 6));
        assertEquals("2e+434", Exponential.scientific(1000, 1));
        assertEquals(Text.number(1.23457e200, 6), Exponential.scientific(Math.log(1.23457e200), 6));
        assertEquals(Text.number(6.54321e-100, 6), Exponential.scientific(Math.log(6.54321e-100), 6));
    }

    /** A mantissa that rounds up to 10 carries into the exponent: 9.9999996e308 to 6 digits is 1e+309. */
    @Test
    void aMantissaRoundingToTenCarries() {
        Dfp log = DfpMath.log(FIELD.newDfp("9.9999996e308"));
        double x = log.toDouble();
        assertEquals("1e+309", Exponential.scientific(x, 6));
        assertEquals(0, reference(x, 10).compareTo(printed(Exponential.scientific(x, 10))));
    }

    /**
     * Exponents far beyond an int: e^(1e20) = m 10^e with e = floor(1e20 / ln 10), m = 10^frac, from Dfp's
     * ln 10 and exp at 80 digits (the exponent alone has 20).
     */
    @Test
    void hugeExponentsAreExact() {
        DfpField wide = new DfpField(80);
        for (double x : new double[] {1e20, -3.5e17, 1e9}) {
            Dfp q = wide.newDfp(new BigDecimal(x).toPlainString()).divide(wide.getLn10());
            Dfp e = q.floor();
            Dfp m = DfpMath.exp(q.subtract(e).multiply(wide.getLn10()));
            BigDecimal mantissa = new BigDecimal(m.toString()).round(new MathContext(12, RoundingMode.HALF_EVEN));
            String expected = mantissa.stripTrailingZeros().toPlainString() + "e" + (x > 0 ? "+" : "")
                    + new BigDecimal(e.toString()).toBigInteger();
            assertEquals(expected, Exponential.scientific(x, 12), "e^" + x);
        }
    }

    /** Where e^x is a normal double, Text.exp is Text.number of Math.exp, digit for digit. */
    @Test
    void insideTheNormalDoublesNothingChanges() {
        for (double x : new double[] {0, -1, 3.5, 709.78, -708.39, -0.6931471805599453}) {
            assertTrue(Exponential.representable(x), "" + x);
            for (int digits : new int[] {6, 17}) {
                Text.digits(digits);
                try {
                    assertEquals(Text.number(Math.exp(x)), Text.exp(x), "e^" + x);
                } finally {
                    Text.digits(Text.ALL_DIGITS);
                }
            }
        }
        for (double x : new double[] {709.79, -708.4, -745.2, -1e6}) assertFalse(Exponential.representable(x), "" + x);
        assertEquals("Infinity", Text.exp(Double.POSITIVE_INFINITY));
        assertEquals("0", Text.exp(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", Text.exp(Double.NaN));
    }

    /** The number under {@code key} in a JSON text, as written: a reader with arbitrary precision's view. */
    static BigDecimal decimal(String json, String key) throws java.io.IOException {
        try (var parser = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
            for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() && key.equals(parser.currentName())) return parser.getDecimalValue();
            }
        }
        throw new AssertionError("no number '" + key + "' in " + json);
    }

    /** JSON carries such a value as a number (never the string "Infinity"), which reads back exactly. */
    @Test
    void jsonCarriesItAsANumber() throws Exception {
        String json = Json.write(java.util.Map.of("pi", Json.exp(744.0810614667953)));
        assertFalse(json.contains("Infinity") || json.contains("\"pi\" : \""), json);
        assertEquals(0, reference(744.0810614667953, 17).compareTo(decimal(json, "pi")), json);
        assertEquals(Math.exp(-3.0), Json.exp(-3.0));
    }
}
