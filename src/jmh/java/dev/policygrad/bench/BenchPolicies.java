package dev.policygrad.bench;

import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;

/**
 * The policies the benchmarks measure, as formula text, with the random inputs they are measured
 * on. Each has a hand-written twin in {@link HandWritten} that computes the same numbers.
 */
public final class BenchPolicies {

    private BenchPolicies() {}

    /** Linear softmax over 4 actions: {@code log pi(a | s) = z_a - logsumexp(z)}, {@code z = W s + b}. */
    public static String linearSoftmax(int actions, int features) {
        return "state s[" + features + "]\n"
                + "action a in 0.." + (actions - 1) + "\n"
                + "param W[" + actions + "][" + features + "] ~ normal(0, 0.1)\n"
                + "param b[" + actions + "] = 0\n"
                + "policy pi(a | s) = categorical(logits = W @ s + b)\n";
    }

    /** Gaussian with a mean linear in the state and a learned log standard deviation. */
    public static String gaussian(int features) {
        return "state s[" + features + "]\n"
                + "action a : real\n"
                + "param w[" + features + "] ~ normal(0, 0.1)\n"
                + "param log_std = 0\n"
                + "policy pi(a | s) = normal(mean = w @ s, std = exp(log_std))\n";
    }

    /** One hidden layer of 16 tanh units over 4 features, softmax over 2 actions (CartPole's shape). */
    public static String mlp() {
        return "state s[4]\n"
                + "action a in {left, right}\n"
                + "param W1[16][4] ~ normal(0, 0.5)\n"
                + "param b1[16] = 0\n"
                + "param W2[2][16] ~ normal(0, 0.5)\n"
                + "let h = tanh(W1 @ s + b1)\n"
                + "policy pi(a | s) = categorical(logits = W2 @ h)\n";
    }

    public static Policy compile(String name, String source) {
        return Policy.of(Checker.check(Parser.parse(name + ".pg", source)));
    }

    /** A benchmark case by name: softmax4, softmax64, softmax1024, gaussian64, mlp. */
    public static String source(String name) {
        switch (name) {
            case "softmax4": return linearSoftmax(4, 4);
            case "softmax64": return linearSoftmax(4, 64);
            case "softmax1024": return linearSoftmax(4, 1024);
            case "gaussian64": return gaussian(64);
            case "mlp": return mlp();
            default: throw new IllegalArgumentException("unknown benchmark policy " + name);
        }
    }

    /** {@code count} standard normal state vectors of {@code size}. */
    public static double[][] states(int count, int size, SplittableRandom random) {
        double[][] states = new double[count][size];
        for (double[] s : states) for (int j = 0; j < size; j++) s[j] = random.nextGaussian();
        return states;
    }

    /** {@code count} actions: indices below {@code actions}, or standard normal values when 0. */
    public static double[] actions(int count, int actions, SplittableRandom random) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) a[i] = actions > 0 ? random.nextInt(actions) : random.nextGaussian();
        return a;
    }
}
