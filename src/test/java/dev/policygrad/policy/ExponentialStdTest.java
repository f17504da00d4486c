package dev.policygrad.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ad.Backend;
import dev.policygrad.ad.Program;
import dev.policygrad.ad.Tape;
import dev.policygrad.ast.Span;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import dev.policygrad.ir.NormalLogDensity;
import dev.policygrad.ir.NormalLogDensityWithLogStd;
import dev.policygrad.ir.TanhNormalLogDensity;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Ops;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code normal(mean = mu, std = exp(l))} is scored through {@code normal_lpdf_with_log_std}, sharing
 * the one {@code exp(l)} with the sampler and taking no logarithm: held to the normal density at
 * {@code sigma = exp(l)} and to its textbook partials ({@code z / sigma} for the mean, {@code z^2 - 1}
 * for l), for a scalar action and a diagonal one with a log std per component or one shared. The same
 * for {@code tanh_normal(mean = mu, std = exp(l))} through {@code tanh_normal_lpdf_with_log_std}, with
 * {@code z = (atanh(a) - mu) / sigma}.
 */
class ExponentialStdTest {

    private static final String SCALAR = """
            action a : real
            param m = 0
            param log_std = 0
            policy pi(a | s) = normal(mean = m, std = exp(log_std))
            """;

    private static final String DIAGONAL = """
            state s[2]
            action a[3] : real
            param W[3][2] = 0
            param log_std[3] = 0
            policy pi(a | s) = normal(mean = W @ s, std = exp(log_std))
            """;

    private static final String SQUASHED = """
            action a : real
            param m = 0
            param log_std = 0
            policy pi(a | s) = tanh_normal(mean = m, std = exp(log_std))
            """;

    private static List<Op> ops(Policy policy) {
        Program program = policy.logPiProgram();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < program.instructionCount(); i++) ops.add(program.op(i));
        return ops;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStdWrittenAsAnExponentialIsScoredWithItsLogarithm(Backend backend) {
        List<Op> lowered = ops(PolicyTest.policy(SCALAR));
        assertTrue(lowered.contains(Ops.NORMAL_LPDF_WITH_LOG_STD), lowered.toString());
        assertFalse(lowered.contains(Ops.NORMAL_LPDF) || lowered.contains(Ops.LOG), lowered.toString());
        assertEquals(1, lowered.stream().filter(op -> op == Ops.EXP).count(), "one exp(l), for sampler and density: " + lowered);
        List<Op> plain = ops(PolicyTest.policy(SCALAR.replace("exp(log_std)", "log_std + 2")));
        assertTrue(plain.contains(Ops.NORMAL_LPDF), plain.toString());
        assertFalse(plain.contains(Ops.NORMAL_LPDF_WITH_LOG_STD), plain.toString());

        Evaluator e = PolicyTest.policy(SCALAR).newEvaluator(backend);
        SplittableRandom random = new SplittableRandom(5);
        double[] gradient = new double[2];
        for (int trial = 0; trial < 200; trial++) {
            double m = random.nextDouble(-3, 3), l = random.nextDouble(-6, 6), a = m + random.nextDouble(-4, 4) * Math.exp(l);
            double sigma = Math.exp(l), expected = NormalLogDensity.value(a, m, sigma);
            double value = e.score(new double[] {m, l}, null, a, gradient);
            assertEquals(expected, value, 1e-14 * (1 + Math.abs(expected)), "value at " + a + ", " + m + ", " + l);
            double z = (a - m) / sigma;
            assertEquals(z / sigma, gradient[0], 1e-14 * (1 + Math.abs(z / sigma)), "d/dm");
            assertEquals(z * z - 1, gradient[1], 1e-14 * (1 + z * z), "d/dl");
        }
    }

    /**
     * Past {@code l = 709.78}, {@code exp(l)} overflows: {@code normal_lpdf(a, mu, exp(l))} was
     * {@code -log(infinity)}, an error; with l taken as the log std the density is the closed form
     * {@code -l - log(2 pi) / 2} (z rounds to 0 against {@code e^{-l} < 1e-308}), its partials 0 and -1.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void whereTheStdOverflowsTheDensityStaysFinite(Backend backend) {
        Evaluator e = PolicyTest.policy(SCALAR).newEvaluator(backend);
        double[] gradient = new double[2];
        for (double l : new double[] {710, 1e4}) {
            double value = e.score(new double[] {0.25, l}, null, 1.3, gradient);
            assertEquals(-l - 0.5 * Math.log(2 * Math.PI), value, 1e-15 * l, "log pi at l = " + l);
            assertEquals(0.0, gradient[0], "d/dm at l = " + l);
            assertEquals(-1.0, gradient[1], "d/dl at l = " + l);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDiagonalGaussianWithALogStdPerComponentOrOneShared(Backend backend) {
        SplittableRandom random = new SplittableRandom(11);
        for (boolean shared : new boolean[] {false, true}) {
            Policy policy = PolicyTest.policy(shared ? DIAGONAL.replace("log_std[3]", "log_std") : DIAGONAL);
            Evaluator e = policy.newEvaluator(backend);
            int scales = shared ? 1 : 3;
            double[] theta = new double[6 + scales], gradient = new double[theta.length];
            for (int trial = 0; trial < 50; trial++) {
                for (int i = 0; i < theta.length; i++) theta[i] = random.nextDouble(-1.5, 1.5);
                double[] s = {random.nextDouble(-2, 2), random.nextDouble(-2, 2)}, a = new double[3];
                double expected = 0;
                double[] expectedGradient = new double[theta.length];
                for (int k = 0; k < 3; k++) {
                    double mean = theta[2 * k] * s[0] + theta[2 * k + 1] * s[1], l = theta[6 + (shared ? 0 : k)];
                    double sigma = Math.exp(l);
                    a[k] = mean + random.nextDouble(-3, 3) * sigma;
                    expected += NormalLogDensity.value(a[k], mean, sigma);
                    double z = (a[k] - mean) / sigma;
                    expectedGradient[2 * k] = z / sigma * s[0];
                    expectedGradient[2 * k + 1] = z / sigma * s[1];
                    expectedGradient[6 + (shared ? 0 : k)] += z * z - 1;
                }
                double value = e.score(theta, s, a, 0, gradient);
                assertEquals(expected, value, 1e-13 * (1 + Math.abs(expected)), "log pi, shared = " + shared);
                for (int p = 0; p < theta.length; p++) {
                    assertEquals(expectedGradient[p], gradient[p], 1e-13 * (1 + Math.abs(expectedGradient[p])),
                            policy.parameterNames().get(p) + ", shared = " + shared);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTanhNormalStdWrittenAsAnExponentialIsScoredWithItsLogarithm(Backend backend) {
        List<Op> lowered = ops(PolicyTest.policy(SQUASHED));
        assertTrue(lowered.contains(Ops.TANH_NORMAL_LPDF_WITH_LOG_STD), lowered.toString());
        assertFalse(lowered.contains(Ops.TANH_NORMAL_LPDF) || lowered.contains(Ops.LOG), lowered.toString());
        assertEquals(1, lowered.stream().filter(op -> op == Ops.EXP).count(), "one exp(l), for sampler and density: " + lowered);

        Evaluator e = PolicyTest.policy(SQUASHED).newEvaluator(backend);
        SplittableRandom random = new SplittableRandom(7);
        double[] gradient = new double[2];
        for (int trial = 0; trial < 200; trial++) {
            double m = random.nextDouble(-2, 2), l = random.nextDouble(-6, 1);
            double a = Math.tanh(m + random.nextDouble(-3, 3) * Math.exp(l));
            if (Math.abs(a) == 1) continue;
            double sigma = Math.exp(l), expected = TanhNormalLogDensity.value(a, m, sigma);
            double value = e.score(new double[] {m, l}, null, a, gradient);
            assertEquals(expected, value, 1e-13 * (1 + Math.abs(expected)), "value at " + a + ", " + m + ", " + l);
            double z = (0.5 * Math.log((1 + a) / (1 - a)) - m) / sigma;
            assertEquals(z / sigma, gradient[0], 1e-9 * (1 + Math.abs(z / sigma)), "d/dm at " + a + ", " + m + ", " + l);
            assertEquals(z * z - 1, gradient[1], 1e-9 * (1 + z * z), "d/dl at " + a + ", " + m + ", " + l);
        }
    }

    /** As {@link #whereTheStdOverflowsTheDensityStaysFinite} for the tanh_normal: the Jacobian term is unchanged. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void whereATanhNormalStdOverflowsTheDensityStaysFinite(Backend backend) {
        Evaluator e = PolicyTest.policy(SQUASHED).newEvaluator(backend);
        double[] gradient = new double[2];
        double a = 0.6, u = 0.5 * Math.log(1.6 / 0.4), logJacobian = Math.log(1 - a * a);
        for (double l : new double[] {710, 1e4}) {
            double value = e.score(new double[] {0.25, l}, null, a, gradient);
            assertEquals(-l - 0.5 * Math.log(2 * Math.PI) - logJacobian, value, 1e-15 * l, "log pi at l = " + l + ", u = " + u);
            assertEquals(0.0, gradient[0], "d/dm at l = " + l);
            assertEquals(-1.0, gradient[1], "d/dl at l = " + l);
        }
    }

    /**
     * At sigma = e^l ~ 1e-304 and z ~ 1000, sigma's partial {@code z^2 / sigma ~ 1e310} overflows, while
     * what l gets through {@code sigma = exp(l)}, {@code z^2 - 1 ~ 1e6}, does not (it was the error
     * "d log pi / d log_std is Infinity"). Held to {@code z^2 - 1} and {@code z / sigma} with z from a
     * 50-digit {@code exp(l)} ({@link LogSpaceAccuracyProperties#exp}), for the normal and the tanh_normal
     * (whose {@code atanh(a)} is a itself at these a), on both backends.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void whereSigmasPartialOverflowsTheLogStdGetsAFiniteDerivative(Backend backend) {
        double[][] points = {{-699.987, 1e-301}, {-705, 3e-304}, {-690, -2e-295}, {-700, 7e-302}};
        for (String source : new String[] {SCALAR, SQUASHED}) {
            Evaluator e = PolicyTest.policy(source).newEvaluator(backend);
            double[] gradient = new double[2];
            for (double[] point : points) {
                double l = point[0], a = point[1];
                String where = source.contains("tanh") ? "tanh_normal" : "normal";
                where += " at l = " + l + ", a = " + a;
                BigDecimal sigma = LogSpaceAccuracyProperties.exp(new BigDecimal(l));
                BigDecimal z = new BigDecimal(a).divide(sigma, LogSpaceAccuracyProperties.MC);
                double partial = NormalLogDensityWithLogStd.stdAdjoint(1, a, 0, Math.exp(l));
                assertTrue(Double.isInfinite(partial) || Math.abs(partial) > 0x1p1000, where + ": sigma's partial " + partial);
                e.score(new double[] {0, l}, null, a, gradient);
                assertEquals(z.multiply(z).subtract(BigDecimal.ONE).doubleValue(), gradient[1],
                        1e-13 * z.multiply(z).doubleValue(), "d/dl, " + where);
                double expectedMean = z.divide(sigma, LogSpaceAccuracyProperties.MC).doubleValue();
                assertEquals(expectedMean, gradient[0], 1e-13 * Math.abs(expectedMean), "d/dm, " + where);
            }
        }
    }

    /** As above for a diagonal Gaussian, with a log std per component and one shared by the three. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void whereSigmasPartialOverflowsADiagonalGaussiansLogStdsGetFiniteDerivatives(Backend backend) {
        double[] a = {1e-301, -2e-302, 5e-303}, s = {0.5, -1};
        for (boolean shared : new boolean[] {false, true}) {
            Policy policy = PolicyTest.policy(shared ? DIAGONAL.replace("log_std[3]", "log_std") : DIAGONAL);
            double[] logStd = shared ? new double[] {-699.987} : new double[] {-699.987, -702, -701.5};
            double[] theta = new double[6 + logStd.length], gradient = new double[theta.length];
            System.arraycopy(logStd, 0, theta, 6, logStd.length);
            policy.newEvaluator(backend).score(theta, s, a, 0, gradient);
            BigDecimal[] expected = new BigDecimal[logStd.length];
            java.util.Arrays.fill(expected, BigDecimal.ZERO);
            for (int k = 0; k < 3; k++) {
                int j = shared ? 0 : k;
                BigDecimal z = new BigDecimal(a[k]).divide(LogSpaceAccuracyProperties.exp(new BigDecimal(logStd[j])),
                        LogSpaceAccuracyProperties.MC);
                expected[j] = expected[j].add(z.multiply(z)).subtract(BigDecimal.ONE);
            }
            for (int j = 0; j < logStd.length; j++) {
                assertEquals(expected[j].doubleValue(), gradient[6 + j], 1e-13 * Math.abs(expected[j].doubleValue()),
                        policy.parameterNames().get(6 + j) + ", shared = " + shared);
            }
        }
    }

    /**
     * The density's four arguments taken as independent, sigma a parameter of its own: sigma's partial
     * {@code z^2 / sigma} beyond the doubles stays the overflow it is (it is no derivative through
     * {@code exp(l)}, so nothing may be sent to l), and l keeps its partial -1.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIndependentSigmaKeepsItsOverflowingPartial(Backend backend) {
        Graph g = new Graph();
        Node action = g.intern(new Node.Input(Node.InputKind.ACTION, "a", 0, Shape.SCALAR, Span.NONE));
        Node sigma = g.intern(new Node.Param("sigma", 0, Shape.SCALAR, Span.NONE));
        Node l = g.intern(new Node.Param("l", 1, Shape.SCALAR, Span.NONE));
        for (Op op : new Op[] {Ops.NORMAL_LPDF_WITH_LOG_STD, Ops.TANH_NORMAL_LPDF_WITH_LOG_STD}) {
            Tape tape = Program.compile(g.call(op, action, g.constant(0), sigma, l), 2).newTape(backend);
            double[] gradient = new double[2];
            tape.forward(new double[] {Math.exp(-699.987), -699.0}, new double[0], 1e-301);
            tape.backward(gradient);
            assertEquals(Double.POSITIVE_INFINITY, gradient[0], op.name() + ": d/dsigma");
            assertEquals(-1.0, gradient[1], op.name() + ": d/dl");
        }
    }
}
