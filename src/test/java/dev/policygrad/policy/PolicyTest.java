package dev.policygrad.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.ad.Backend;
import dev.policygrad.check.Checker;
import dev.policygrad.diag.EvalError;
import dev.policygrad.parse.Parser;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The language's example policies, evaluated against their closed forms. */
class PolicyTest {

    static Policy policy(String source) {
        return Policy.of(Checker.check(Parser.parse("t.pg", source)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void shortCorridorSoftmax(Backend backend) {
        Policy p = policy("action a in {right, left}\nparam theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)");
        Evaluator e = p.newEvaluator(backend);
        double[] theta = {0.3, -0.2};
        double lse = Math.log(Math.exp(0.3) + Math.exp(-0.2));
        assertEquals(0.3 - lse, e.logPi(theta, null, 0), 1e-15);
        double[] g = new double[2];
        e.score(theta, null, 1, g);
        double pRight = Math.exp(0.3 - lse);
        // d log pi(left) / d theta = onehot(left) - softmax(theta)
        assertArrayEquals(new double[] {-pRight, 1 - (1 - pRight)}, g, 1e-15);
        assertEquals(java.util.List.of("theta[0]", "theta[1]"), p.parameterNames());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void linearSoftmaxScoreIsOnehotMinusSoftmaxTimesState(Backend backend) {
        Policy p = policy("state s[4]\naction a in {left, right}\nparam W[2][4] = 0\nparam b[2] = 0\n"
                + "policy pi(a | s) = categorical(logits = W @ s + b)");
        double[] theta = {0.1, -0.2, 0.3, 0.05, -0.4, 0.2, 0.0, 0.1, 0.3, -0.1};
        double[] s = {1, -2, 0.5, 3};
        double[] z = new double[2];
        for (int i = 0; i < 2; i++) {
            z[i] = theta[8 + i];
            for (int j = 0; j < 4; j++) z[i] += theta[i * 4 + j] * s[j];
        }
        double lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]));
        double[] g = new double[10];
        double logPi = p.newEvaluator(backend).score(theta, s, 1, g);
        assertEquals(z[1] - lse, logPi, 1e-14);
        for (int i = 0; i < 2; i++) {
            double coefficient = (i == 1 ? 1 : 0) - Math.exp(z[i] - lse);
            for (int j = 0; j < 4; j++) assertEquals(coefficient * s[j], g[i * 4 + j], 1e-14);
            assertEquals(coefficient, g[8 + i], 1e-14);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gaussianScoreIsResidualOverVariance(Backend backend) {
        Policy p = policy("state s\naction a : real\nparam k = 0\nparam log_std = 0\n"
                + "policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))");
        double k = 0.8, logStd = -0.3, s = 2, a = 0.5;
        double sigma = Math.exp(logStd), mu = -k * s, z = (a - mu) / sigma;
        double[] g = new double[2];
        double logPi = p.newEvaluator(backend).score(new double[] {k, logStd}, new double[] {s}, a, g);
        assertEquals(-0.5 * z * z - logStd - 0.5 * Math.log(2 * Math.PI), logPi, 1e-14);
        assertEquals((a - mu) / (sigma * sigma) * -s, g[0], 1e-13);
        assertEquals(z * z - 1, g[1], 1e-13);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logFormWithDefsIsNormalized(Backend backend) {
        Policy p = policy("action a in 0..2\nparam theta[3] = [0.5, 0, -0.5]\ndef pref(i) = theta[i] ^ 2 - theta[i]\n"
                + "policy log pi(a | s) = pref(a) - logsumexp([pref(0), pref(1), pref(2)])");
        double[] theta = p.initialParameters(0);
        assertArrayEquals(new double[] {0.5, 0, -0.5}, theta);
        assertEquals(0, p.newEvaluator(backend).logNormalizer(theta, null), 1e-15);
        double[] pref = {0.25 - 0.5, 0, 0.25 + 0.5};
        double lse = Math.log(Math.exp(pref[0]) + Math.exp(pref[1]) + Math.exp(pref[2]));
        assertEquals(pref[2] - lse, p.newEvaluator(backend).logPi(theta, null, 2), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void extremeLogitsStayFinite(Backend backend) {
        Policy p = policy("action a in {x, y}\nparam theta[2] = 0\npolicy pi(a | s) = categorical(logits = theta)");
        double[] g = new double[2];
        double logPi = p.newEvaluator(backend).score(new double[] {1e4, -1e4}, null, 1, g);
        assertEquals(-2e4, logPi, 1e-9);
        assertArrayEquals(new double[] {-1, 1}, g, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void samplingFollowsTheProbabilities(Backend backend) {
        Policy p = policy("action a in {x, y, z}\nparam theta[3] = [0, 1, 2]\npolicy pi(a | s) = categorical(logits = theta)");
        Evaluator e = p.newEvaluator(backend);
        double[] theta = p.initialParameters(0);
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) counts[(int) e.sample(theta, null, random)]++;
        double total = 1 + Math.E + Math.E * Math.E;
        for (int i = 0; i < 3; i++) {
            double prob = Math.exp(i) / total;
            double se = Math.sqrt(prob * (1 - prob) / n);
            assertEquals(prob, counts[i] / (double) n, 5 * se, "action " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void probabilityFormTakesTheLog(Backend backend) {
        Policy p = policy("action a in {no, yes}\nparam q = 0.3\npolicy pi(a | s) = if a == yes then q else 1 - q");
        assertEquals(Math.log(0.3), p.newEvaluator(backend).logPi(p.initialParameters(0), null, 1), 1e-15);
        assertEquals(Math.log(0.7), p.newEvaluator(backend).logPi(p.initialParameters(0), null, 0), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void bernoulliLogitMatchesSigmoid(Backend backend) {
        Policy p = policy("state s[2]\naction a in {off, on}\nparam w[2] = [0.5, -1]\n"
                + "policy pi(a | s) = bernoulli(logit = w @ s)");
        double[] s = {2, 0.5};
        double z = 0.5 * 2 - 0.5;
        Evaluator e = p.newEvaluator(backend);
        assertEquals(-Math.log1p(Math.exp(-z)), e.logPi(p.initialParameters(0), s, 1), 1e-15);
        assertEquals(0, e.logNormalizer(p.initialParameters(0), s), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void domainErrorsNameTheOperation(Backend backend) {
        Policy p = policy("action a : real\nparam k = 1\npolicy log pi(a | s) = log(k - 2)");
        EvalError e = assertThrows(EvalError.class, () -> p.newEvaluator(backend).logPi(new double[] {1}, null, 0));
        assertEquals(3, e.span().line());
        assertEquals(24, e.span().column());
    }

    @Test
    void randomInitialValuesDependOnlyOnTheSeed() {
        Policy p = policy("state s[4]\naction a in {l, r}\nparam W1[16][4] ~ normal(0, 0.5)\nparam b1[16] = 0\n"
                + "param W2[2][16] ~ normal(0, 0.5)\nlet h = tanh(W1 @ s + b1)\npolicy pi(a | s) = categorical(logits = W2 @ h)");
        assertArrayEquals(p.initialParameters(42), p.initialParameters(42));
        double[] a = p.initialParameters(1), b = p.initialParameters(2);
        assertEquals(false, java.util.Arrays.equals(a, b));
        double sumSquares = 0;
        for (int i = 0; i < 64; i++) sumSquares += a[i] * a[i];
        // 64 draws of N(0, 0.25): the mean square is 0.25 with standard error 0.25 * sqrt(2/64)
        assertEquals(0.25, sumSquares / 64, 5 * 0.25 * Math.sqrt(2.0 / 64));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void longFlatFormulasAreAccepted(Backend backend) {
        // 900 terms joined by '+': a flat formula, deep only as a left-leaning syntax tree
        String sum = String.join(" + ", java.util.Collections.nCopies(900, "theta[a]"));
        Policy p = policy("action a in {x, y}\nparam theta[2] = [1, 2]\npolicy log pi(a | s) = " + sum);
        double[] g = new double[2];
        assertEquals(1800, p.newEvaluator(backend).score(p.initialParameters(0), null, 1, g), 1e-9);
        assertArrayEquals(new double[] {0, 900}, g);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void samplingAndScoringInOneSweepMatchesSeparateCalls(Backend backend) {
        for (String body : new String[] {"categorical(logits = W @ s + b)", "bernoulli(logit = W[0] @ s - b[1])"}) {
            Policy p = policy("state s[3]\naction a in {l, r}\nparam W[2][3] ~ normal(0, 1)\nparam b[2] ~ normal(0, 1)\n"
                    + "policy pi(a | s) = " + body);
            Evaluator e = p.newEvaluator(backend);
            double[] theta = p.initialParameters(3);
            SplittableRandom r1 = new SplittableRandom(11), r2 = new SplittableRandom(11), states = new SplittableRandom(5);
            for (int k = 0; k < 200; k++) {
                double[] s = {states.nextGaussian(), states.nextGaussian(), states.nextGaussian()};
                double[] fused = new double[theta.length + 2];
                double a = e.sampleAndScore(theta, s, r1, fused, 2);
                assertEquals(a, e.sample(theta, s, r2));
                double[] separate = new double[theta.length];
                e.score(theta, s, a, separate);
                assertArrayEquals(separate, java.util.Arrays.copyOfRange(fused, 2, fused.length), 0);
            }
        }
    }

    /**
     * An episode loads theta once and then passes states alone: the draws and scores must be those of
     * the forms that take theta at every step, and a form that takes another theta must load it (a
     * state-only call afterwards uses the theta loaded last, not a stale one).
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void thetaLoadedOnceGivesTheDrawsAndScoresOfEveryStepLoadingIt(Backend backend) {
        for (String body : new String[] {"categorical(logits = W @ s + b)", "categorical(logits = [W[0] @ s, b[1], -b[0]])"}) {
            Policy p = policy("state s[3]\naction a in {l, r, u}\nparam W[3][3] ~ normal(0, 1)\nparam b[3] ~ normal(0, 1)\n"
                    + "policy pi(a | s) = " + body);
            Evaluator once = p.newEvaluator(backend), each = p.newEvaluator(backend);
            double[] theta = p.initialParameters(3), other = p.initialParameters(4);
            SplittableRandom r1 = new SplittableRandom(11), r2 = new SplittableRandom(11), states = new SplittableRandom(5);
            once.loadParameters(theta);
            for (int k = 0; k < 200; k++) {
                double[] s = {states.nextGaussian(), states.nextGaussian(), states.nextGaussian()};
                double[] fused = new double[theta.length], expected = new double[theta.length];
                boolean score = k % 2 == 0;
                double a = score ? once.sampleAndScore(s, r1, fused, 0) : once.sample(s, r1);
                double b = score ? each.sampleAndScore(theta, s, r2, expected, 0) : each.sample(theta, s, r2);
                assertEquals(b, a);
                assertArrayEquals(expected, fused, 0);
            }
            double[] s = {0.3, -0.2, 0.1};
            once.logPi(other, s, 1); // loads other
            double[] fromOther = new double[theta.length], expected = new double[theta.length];
            once.sampleAndScore(s, new SplittableRandom(9), fromOther, 0);
            each.sampleAndScore(other, s, new SplittableRandom(9), expected, 0);
            assertArrayEquals(expected, fromOther, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void logFormPoliciesSampleEveryActionFromOneStateSweep(Backend backend) {
        Policy p = policy("action a in 0..2\nparam theta[3] = [0.5, 0, -0.5]\ndef pref(i) = theta[i] ^ 2 - theta[i]\n"
                + "policy log pi(a | s) = pref(a) - logsumexp([pref(0), pref(1), pref(2)])");
        Evaluator e = p.newEvaluator(backend);
        double[] theta = p.initialParameters(0);
        SplittableRandom random = new SplittableRandom(3);
        int n = 100_000;
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) counts[(int) e.sample(theta, null, random)]++;
        for (int i = 0; i < 3; i++) {
            double prob = Math.exp(e.logPi(theta, null, i));
            assertEquals(prob, counts[i] / (double) n, 5 * Math.sqrt(prob * (1 - prob) / n), "action " + i);
        }
    }

    /**
     * Sampling refuses parameters no action can be drawn from, with the error log pi gives on them where
     * its kernel checks the same (same message, same position), else one at the policy: each case
     * drew an action silently before (action 0 from a NaN logit, NaN from a NaN mean, 0 from p = 1.5).
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void samplingRefusesParametersNoActionCanBeDrawnFrom(Backend backend) {
        String two = "action a in {x, y}\nparam k = 1\n";
        String[][] cases = {
            {two + "let big = k * 1e308 * 10\npolicy pi(a | s) = categorical(logits = [big - big, 0])\n",
                "logit 0 is NaN, so the probabilities are undefined in log_softmax(...)[...]"},
            {two + "policy pi(a | s) = categorical(logits = [k * 1e308 * 10, k * 1e308 * 10])\n",
                "logit 0 is Infinity, so the probabilities are undefined in log_softmax(...)[...]"},
            {"action a in {x, y, z}\nparam k = 1\npolicy pi(a | s) = categorical(probs = [0.5, 0.5, -k])\n",
                "probability 2 is -1.0; probabilities must be finite and non-negative in categorical(...)"},
            {two + "policy pi(a | s) = bernoulli(p = 1.5 * k)\n",
                "a Bernoulli probability must lie in [0, 1], got 1.5 in bernoulli_lpmf(..., ...)"},
            {"action a : real\nparam k = 0\npolicy pi(a | s) = normal(mean = k, std = k)\n",
                "a normal distribution's std must be positive, got 0.0 in normal_lpdf(..., ..., ...)"},
            {"action a : real\nparam k = 1\nlet big = k * 1e308 * 10\npolicy pi(a | s) = normal(mean = big - big, std = 1)\n",
                "a normal distribution's mean is NaN, so no action can be drawn in normal(...)"},
            {"action a in 0..1\nparam theta[2] = [1, 1]\nlet big = theta[0] * 1e308 * 10\n"
                    + "policy log pi(a | s) = theta[a] * (big - big)\n",
                "log pi of each action, drawn from as logits: logit 0 is NaN, so the probabilities are undefined"},
        };
        for (String[] c : cases) {
            Policy p = policy(c[0]);
            Evaluator e = p.newEvaluator(backend);
            double[] theta = p.initialParameters(0);
            EvalError sampled = assertThrows(EvalError.class, () -> e.sample(theta, null, new SplittableRandom(1)), c[0]);
            assertEquals(true, sampled.getMessage().contains(c[1]), sampled.getMessage());
            EvalError scored = assertThrows(EvalError.class, () -> e.sampleAndScore(theta, null, new SplittableRandom(1),
                    new double[theta.length]), c[0]);
            assertEquals(sampled.getMessage(), scored.getMessage());
            assertEquals(sampled.span().start(), scored.span().start());
        }
    }
}
