package dev.policygrad.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.TanhNormalLogDensity;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code tanh_normal(mean, std)}: the density written out by hand, at the boundary, normalized, sampled. */
class TanhNormalTest {

    private static final String SOURCE = """
            state s
            action a : real
            param k = 0.4
            param log_std = -0.2
            policy pi(a | s) = tanh_normal(mean = k * s, std = exp(log_std))
            """;

    private final Policy policy = PolicyTest.policy(SOURCE);
    private final double[] theta = {0.4, -0.2};

    /** p(a) = N(atanh a | m, s) / (1 - a^2), with m = k s and s = exp(log_std), written out naively. */
    private static double byHand(double a, double mean, double std) {
        double u = 0.5 * Math.log((1 + a) / (1 - a));
        double z = (u - mean) / std;
        return -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a * a);
    }

    @Test
    void matchesTheDensityWrittenOutByHand() {
        Evaluator e = policy.newEvaluator();
        double std = Math.exp(-0.2);
        for (double s : new double[] {-1.5, 0, 2}) {
            for (double a : new double[] {-0.95, -0.3, 0, 0.5, 0.9}) {
                assertEquals(byHand(a, 0.4 * s, std), e.logPi(theta, new double[] {s}, a), 1e-12, "a = " + a);
            }
        }
    }

    /**
     * a = 1 - eps with eps = 2^-45: 1 - a^2 = eps (2 - eps) and atanh(a) = (log(2 - eps) - log eps) / 2
     * exactly, so the reference needs only logs of exact numbers.
     */
    @Test
    void accurateNextToTheBoundary() {
        double eps = 0x1p-45, a = 1 - eps;
        double logTwoMinusEps = Math.log(2) + Math.log1p(-eps / 2);
        double u = 0.5 * (logTwoMinusEps + 45 * Math.log(2));
        double mean = 0.4 * 3, std = Math.exp(-0.2);
        double z = (u - mean) / std;
        double expected = -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Math.PI) - (-45 * Math.log(2) + logTwoMinusEps);
        double actual = policy.newEvaluator().logPi(theta, new double[] {3}, a);
        assertEquals(expected, actual, 1e-12 * Math.abs(expected));
    }

    /** log(1 - tanh(u)^2) = log 4 - 2|u| - 2 log1p(exp(-2|u|)), finite where 1 - tanh(u)^2 underflows. */
    @Test
    void logJacobianIsStable() {
        for (double u : new double[] {-400, -30, -1, 0, 0.5, 30, 400}) {
            double expected = Math.log(4) - 2 * Math.abs(u) - 2 * Math.log1p(Math.exp(-2 * Math.abs(u)));
            assertEquals(expected, TanhNormalLogDensity.logJacobian(u), 1e-13 * Math.max(1, Math.abs(expected)));
        }
        assertEquals(Math.log(1 - Math.pow(Math.tanh(0.7), 2)), TanhNormalLogDensity.logJacobian(0.7), 1e-14);
    }

    /** The density integrates to 1 over (-1, 1) (composite Simpson in a, 20000 intervals). */
    @Test
    void integratesToOne() {
        Evaluator e = policy.newEvaluator();
        double[] s = {0.5};
        int n = 20_000;
        double h = 2.0 / n, sum = 0;
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * Math.exp(e.logPi(theta, s, -1 + i * h));
        assertEquals(1, sum * h / 3, 1e-6);
    }

    /** Draws lie in (-1, 1) and their mean is E[tanh(u)], u ~ N(m, s), by quadrature in u, within 5 standard errors. */
    @Test
    void samplesHaveTheRightMean() {
        Evaluator e = policy.newEvaluator();
        double[] s = {2};
        double mean = 0.8, std = Math.exp(-0.2);
        double expected = 0, second = 0, h = 1e-3;
        for (double u = mean - 12 * std; u <= mean + 12 * std; u += h) {
            double w = Math.exp(-0.5 * Math.pow((u - mean) / std, 2)) / (std * Math.sqrt(2 * Math.PI)) * h;
            expected += w * Math.tanh(u);
            second += w * Math.pow(Math.tanh(u), 2);
        }
        SplittableRandom random = new SplittableRandom(17);
        int draws = 100_000;
        double total = 0;
        for (int i = 0; i < draws; i++) {
            double a = e.sample(theta, s, random);
            assertTrue(a > -1 && a < 1);
            total += a;
        }
        double se = Math.sqrt((second - expected * expected) / draws);
        assertEquals(expected, total / draws, 5 * se);
    }

    /** The score at a = 0.5: d/dk = s (u - m) / sigma^2, d/dlog_std = ((u - m)^2 / sigma^2 - 1). */
    @Test
    void scoreByHand() {
        double[] g = new double[2];
        policy.newEvaluator().score(theta, new double[] {1.5}, 0.5, g);
        double u = 0.5 * Math.log(3), m = 0.6, sigma = Math.exp(-0.2);
        assertEquals(1.5 * (u - m) / (sigma * sigma), g[0], 1e-14);
        assertEquals((u - m) * (u - m) / (sigma * sigma) - 1, g[1], 1e-14);
    }

    @Test
    void anActionOutsideTheIntervalIsAnError() {
        EvalError error = assertThrows(EvalError.class, () -> policy.newEvaluator().logPi(theta, new double[] {0}, 1));
        assertTrue(error.getMessage().contains("strictly between -1 and 1"), error.getMessage());
    }
}
