package dev.policygrad.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ad.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code action a[2] : real}: the diagonal Gaussian and tanh_normal against their densities written
 * out by hand, their scores against the closed form and central differences, both tape backends bit
 * for bit, and draws whose per-component moments are those of the distribution.
 */
class VectorActionTest {

    private static final String GAUSSIAN = """
            state s[3]
            action a[2] : real
            param W[2][3] = [[0.4, -0.3, 0.2], [-0.1, 0.5, 0.3]]
            param log_std[2] = [-0.2, 0.3]
            policy pi(a | s) = normal(mean = W @ s, std = exp(log_std))
            """;

    /** One std for both components: a scalar that broadcasts. */
    private static final String SHARED_STD = """
            state s[3]
            action a[2] : real
            param W[2][3] = [[0.4, -0.3, 0.2], [-0.1, 0.5, 0.3]]
            param log_std = -0.2
            policy pi(a | s) = normal(mean = W @ s, std = exp(log_std))
            """;

    private static final String TANH = GAUSSIAN.replace("normal(", "tanh_normal(");

    private static final double[] THETA = {0.4, -0.3, 0.2, -0.1, 0.5, 0.3, -0.2, 0.3};
    private static final double[] SHARED_THETA = {0.4, -0.3, 0.2, -0.1, 0.5, 0.3, -0.2};
    private static final double[][] STATES = {{0, 0, 0}, {0.5, -1.2, 2}, {-3, 0.7, 0.1}};
    private static final double[][] ACTIONS = {{0.3, -0.2}, {-0.9, 0.6}, {0, 0.95}};

    /** m = W s for the layout above. */
    private static double[] mean(double[] theta, double[] s) {
        return new double[] {theta[0] * s[0] + theta[1] * s[1] + theta[2] * s[2],
            theta[3] * s[0] + theta[4] * s[1] + theta[5] * s[2]};
    }

    /** log N(x | m, sd), the textbook formula. */
    private static double normal(double x, double m, double sd) {
        double z = (x - m) / sd;
        return -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    }

    /** log p(a) for a = tanh(u), u ~ N(m, sd): log N(atanh a | m, sd) - log(1 - a^2), written naively. */
    private static double tanhNormal(double a, double m, double sd) {
        double u = 0.5 * Math.log((1 + a) / (1 - a));
        return normal(u, m, sd) - Math.log(1 - a * a);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void diagonalNormalIsTheSumOfOneDimensionalDensities(Backend backend) {
        Evaluator e = PolicyTest.policy(GAUSSIAN).newEvaluator(backend);
        Evaluator shared = PolicyTest.policy(SHARED_STD).newEvaluator(backend);
        double[] sd = {Math.exp(-0.2), Math.exp(0.3)};
        for (double[] s : STATES) {
            double[] m = mean(THETA, s);
            for (double[] a : ACTIONS) {
                double expected = normal(a[0], m[0], sd[0]) + normal(a[1], m[1], sd[1]);
                assertEquals(expected, e.logPi(THETA, s, a, 0), 1e-12 * Math.max(1, Math.abs(expected)));
                double broadcast = normal(a[0], m[0], sd[0]) + normal(a[1], m[1], sd[0]);
                assertEquals(broadcast, shared.logPi(SHARED_THETA, s, a, 0), 1e-12 * Math.max(1, Math.abs(broadcast)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tanhNormalMatchesTheDensityWithItsJacobian(Backend backend) {
        Evaluator e = PolicyTest.policy(TANH).newEvaluator(backend);
        double[] sd = {Math.exp(-0.2), Math.exp(0.3)};
        for (double[] s : STATES) {
            double[] m = mean(THETA, s);
            for (double[] a : ACTIONS) {
                double expected = tanhNormal(a[0], m[0], sd[0]) + tanhNormal(a[1], m[1], sd[1]);
                assertEquals(expected, e.logPi(THETA, s, a, 0), 1e-12 * Math.max(1, Math.abs(expected)));
            }
        }
        // the action offset: a_t read from an episode's flat array
        double[] flat = {7, 7, 0.3, -0.2, 7};
        assertEquals(e.logPi(THETA, STATES[1], ACTIONS[0], 0), e.logPi(THETA, STATES[1], flat, 2));
    }

    /**
     * d log pi / d W[k][j] = (a_k - m_k) / sd_k^2 s_j and d log pi / d log_std_k = z_k^2 - 1 (the
     * closed form of the diagonal Gaussian); central differences of log pi agree too.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void scoreIsTheClosedFormAndTheFiniteDifference(Backend backend) {
        Evaluator e = PolicyTest.policy(GAUSSIAN).newEvaluator(backend);
        for (double[] s : STATES) {
            for (double[] a : ACTIONS) {
                double[] gradient = new double[THETA.length];
                e.score(THETA, s, a, 0, gradient);
                double[] m = mean(THETA, s);
                double[] expected = new double[THETA.length];
                for (int k = 0; k < 2; k++) {
                    double sd = Math.exp(THETA[6 + k]), z = (a[k] - m[k]) / sd;
                    for (int j = 0; j < 3; j++) expected[3 * k + j] = z / sd * s[j];
                    expected[6 + k] = z * z - 1;
                }
                for (int i = 0; i < THETA.length; i++) {
                    assertEquals(expected[i], gradient[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "theta " + i);
                    assertEquals(gradient[i], centralDifference(e, THETA, s, a, i),
                            1e-7 * Math.max(1, Math.abs(gradient[i])), "theta " + i);
                }
            }
        }
    }

    /** (log pi(theta + h e_i) - log pi(theta - h e_i)) / 2h with h = 1e-5, the independent check of a score. */
    private static double centralDifference(Evaluator e, double[] theta, double[] s, double[] a, int i) {
        double h = 1e-5;
        double[] plus = theta.clone(), minus = theta.clone();
        plus[i] += h;
        minus[i] -= h;
        return (e.logPi(plus, s, a, 0) - e.logPi(minus, s, a, 0)) / (2 * h);
    }

    /** The tanh_normal score by central differences, and both backends' values and scores bit for bit. */
    @Test
    void backendsAgreeBitForBit() {
        for (String source : new String[] {GAUSSIAN, SHARED_STD, TANH}) {
            Policy policy = PolicyTest.policy(source);
            double[] theta = source == SHARED_STD ? SHARED_THETA : THETA;
            Evaluator interpreted = policy.newEvaluator(Backend.INTERPRETER), compiled = policy.newEvaluator(Backend.COMPILED);
            for (double[] s : STATES) {
                for (double[] a : ACTIONS) {
                    double[] g1 = new double[theta.length], g2 = new double[theta.length];
                    double v1 = interpreted.score(theta, s, a, 0, g1), v2 = compiled.score(theta, s, a, 0, g2);
                    assertEquals(Double.doubleToLongBits(v1), Double.doubleToLongBits(v2));
                    for (int i = 0; i < g1.length; i++) {
                        assertEquals(Double.doubleToLongBits(g1[i]), Double.doubleToLongBits(g2[i]), "theta " + i);
                        if (source != TANH) continue;
                        assertEquals(g1[i], centralDifference(interpreted, theta, s, a, i),
                                1e-7 * Math.max(1, Math.abs(g1[i])), "theta " + i);
                    }
                }
            }
        }
    }

    /**
     * Component k is the k-th standard normal of the stream: a_0 = m_0 + sd_0 z_0, a_1 = m_1 + sd_1 z_1,
     * the same bits on both backends and after a sample-and-score.
     */
    @Test
    void componentsAreDrawnInOrderFromOneStream() {
        Policy policy = PolicyTest.policy(GAUSSIAN);
        double[] s = STATES[1], m = mean(THETA, s);
        SplittableRandom reference = new SplittableRandom(42);
        double z0 = reference.nextGaussian(), z1 = reference.nextGaussian();
        double[] expected = {m[0] + Math.exp(-0.2) * z0, m[1] + Math.exp(0.3) * z1};
        for (Backend backend : Backend.values()) {
            Evaluator e = policy.newEvaluator(backend);
            double[] a = new double[2];
            e.sample(THETA, s, new SplittableRandom(42), a, 0);
            assertEquals(expected[0], a[0], 1e-15);
            assertEquals(expected[1], a[1], 1e-15);
            double[] b = new double[3], score = new double[THETA.length], direct = new double[THETA.length];
            e.sampleAndScore(THETA, s, new SplittableRandom(42), b, 1, score, 0);
            assertArrayEquals(a, new double[] {b[1], b[2]}, 0);
            e.score(THETA, s, a, 0, direct);
            assertArrayEquals(direct, score, 0);
        }
        assertThrows(IllegalStateException.class, () -> policy.newEvaluator().sample(THETA, s, new SplittableRandom(1)));
    }

    /**
     * 100000 draws at one state: per component the mean within 5 standard errors (sd / sqrt(n)), the
     * variance within 5 standard errors of a normal sample variance (sd^2 sqrt(2 / (n - 1))), and the
     * cross-covariance within 5 standard errors of zero (sd_0 sd_1 / sqrt(n)). For tanh_normal the same
     * of atanh(a), which is the Gaussian draw.
     */
    @Test
    void drawsHaveEachComponentsMomentsAndNoCrossCovariance() {
        int n = 100_000;
        for (String source : new String[] {GAUSSIAN, TANH}) {
            Evaluator e = PolicyTest.policy(source).newEvaluator();
            double[] s = STATES[1], m = mean(THETA, s), sd = {Math.exp(-0.2), Math.exp(0.3)};
            SplittableRandom random = new SplittableRandom(20261201);
            double[][] x = new double[n][2];
            for (int i = 0; i < n; i++) {
                e.sample(THETA, s, random, x[i], 0);
                if (source == TANH) {
                    for (int k = 0; k < 2; k++) {
                        assertTrue(x[i][k] > -1 && x[i][k] < 1);
                        x[i][k] = 0.5 * Math.log((1 + x[i][k]) / (1 - x[i][k]));
                    }
                }
            }
            double[] average = new double[2];
            for (double[] row : x) for (int k = 0; k < 2; k++) average[k] += row[k] / n;
            double[] variance = new double[2];
            double covariance = 0;
            for (double[] row : x) {
                for (int k = 0; k < 2; k++) variance[k] += (row[k] - average[k]) * (row[k] - average[k]) / (n - 1);
                covariance += (row[0] - average[0]) * (row[1] - average[1]) / (n - 1);
            }
            for (int k = 0; k < 2; k++) {
                assertEquals(m[k], average[k], 5 * sd[k] / Math.sqrt(n), source + " mean " + k);
                assertEquals(sd[k] * sd[k], variance[k], 5 * sd[k] * sd[k] * Math.sqrt(2.0 / (n - 1)), source + " variance " + k);
            }
            assertEquals(0, covariance, 5 * sd[0] * sd[1] / Math.sqrt(n), source + " covariance");
        }
    }

    /** A scalar real action is unchanged: the array forms give the scalar forms' bits. */
    @Test
    void scalarActionsTakeTheArrayFormsAsOneComponent() {
        Policy policy = PolicyTest.policy("""
                state s
                action a : real
                param k = 0.4
                param log_std = -0.2
                policy pi(a | s) = normal(mean = k * s, std = exp(log_std))
                """);
        Evaluator e = policy.newEvaluator();
        double[] theta = {0.4, -0.2}, s = {1.5};
        assertEquals(Double.doubleToLongBits(e.logPi(theta, s, 0.7)), Double.doubleToLongBits(e.logPi(theta, s, new double[] {0.7}, 0)));
        double scalar = e.sample(theta, s, new SplittableRandom(3));
        double[] a = new double[1];
        e.sample(theta, s, new SplittableRandom(3), a, 0);
        assertEquals(Double.doubleToLongBits(scalar), Double.doubleToLongBits(a[0]));
        assertEquals(1, e.actionSize());
    }
}
