package dev.policygrad.bench;

import dev.policygrad.policy.Evaluator;

/** Refuses to benchmark a hand-written twin that does not compute what the engine computes. */
final class Agreement {

    private static final double TOLERANCE = 1e-9;

    private Agreement() {}

    static void require(String name, Evaluator engine, HandWritten hand, double[] theta, double[][] states,
            double[] actions) {
        double[] expected = new double[theta.length], actual = new double[theta.length];
        for (int i = 0; i < states.length; i++) {
            double logPi = engine.score(theta, states[i], actions[i], expected);
            check(name, "log pi", logPi, hand.score(theta, states[i], actions[i], actual));
            check(name, "log pi (function only)", logPi, hand.logPi(theta, states[i], actions[i]));
            for (int k = 0; k < theta.length; k++) check(name, "d log pi / d theta[" + k + "]", expected[k], actual[k]);
        }
    }

    private static void check(String name, String what, double expected, double actual) {
        if (!(Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected)))) {
            throw new IllegalStateException(name + ": hand-written " + what + " = " + actual + ", engine " + expected);
        }
    }
}
