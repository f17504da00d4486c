package dev.policygrad.bench;

import dev.policygrad.ad.Backend;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The score of a diagonal Gaussian over a vector action {@code a[K] : real} (mean {@code W s} over
 * 16 features, one log std per component) through the engine, next to the same numbers written by
 * hand: m = W s, z_k = (a_k - m_k) / sd_k, log pi = sum_k (-z_k^2 / 2 - log sd_k - log(2 pi) / 2),
 * d / d W[k][j] = z_k / sd_k s_j, d / d log_std_k = z_k^2 - 1. Each call takes the next of 64 random
 * (state, action) pairs. The ratio engineScore / handScore is the engine's overhead. With
 * {@code -p distribution=tanh_normal}, the same Gaussian pushed through tanh (the Soft Actor-Critic
 * policy): z_k = (atanh(a_k) - m_k) / sd_k and log pi gains -log(1 - tanh(u_k)^2) =
 * -2 (log 2 - u_k - softplus(-2 u_k)) per component; the partials are the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class DiagonalGaussianBenchmark {

    static final int SAMPLES = 64;
    static final int FEATURES = 16;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI), LOG_TWO = Math.log(2);

    /** K, the action's number of components. */
    @Param({"2", "8"})
    public int components;

    /** {@code normal} or {@code tanh_normal}. */
    @Param({"normal"})
    public String distribution;

    /** The tape backend ({@code -p backend=interpreter} for the reference). */
    @Param({"compiled", "interpreter"})
    public String backend;

    private Evaluator evaluator;
    private double[] theta;
    private double[][] states;
    private double[][] actions;
    private double[] gradient;
    private double[] mean;
    private int next;

    @Setup
    public void setUp() {
        Backend.prefer(Backend.of(backend));
        String source = "state s[" + FEATURES + "]\n"
                + "action a[" + components + "] : real\n"
                + "param W[" + components + "][" + FEATURES + "] ~ normal(0, 0.1)\n"
                + "param log_std[" + components + "] = -0.5\n"
                + "policy pi(a | s) = " + distribution + "(mean = W @ s, std = exp(log_std))\n";
        Policy policy = BenchPolicies.compile("diagonal", source);
        evaluator = policy.newEvaluator();
        SplittableRandom random = new SplittableRandom(42);
        theta = policy.initialParameters(7);
        states = BenchPolicies.states(SAMPLES, FEATURES, random);
        actions = BenchPolicies.states(SAMPLES, components, random);
        if (squashed()) for (double[] a : actions) for (int c = 0; c < components; c++) a[c] = Math.tanh(a[c]);
        gradient = new double[theta.length];
        mean = new double[components];
        // the two compute the same numbers before either is timed
        double[] engine = new double[theta.length];
        for (int i = 0; i < SAMPLES; i++) {
            double e = evaluator.score(theta, states[i], actions[i], 0, engine);
            double h = hand(states[i], actions[i]);
            if (Math.abs(e - h) > 1e-12 * (1 + Math.abs(h))) throw new IllegalStateException("log pi " + e + " vs " + h);
            for (int p = 0; p < theta.length; p++) {
                if (Math.abs(engine[p] - gradient[p]) > 1e-12 * (1 + Math.abs(gradient[p]))) {
                    throw new IllegalStateException("gradient " + p + ": " + engine[p] + " vs " + gradient[p]);
                }
            }
        }
    }

    private boolean squashed() {
        return distribution.equals("tanh_normal");
    }

    private int nextSample() {
        next = (next + 1) & (SAMPLES - 1);
        return next;
    }

    @Benchmark
    public double engineScore() {
        int i = nextSample();
        return evaluator.score(theta, states[i], actions[i], 0, gradient);
    }

    @Benchmark
    public double handScore() {
        int i = nextSample();
        return hand(states[i], actions[i]);
    }

    /** log pi and its gradient into {@code gradient}, written out directly. */
    private double hand(double[] s, double[] a) {
        int k = components, logStd = k * FEATURES;
        boolean squashed = squashed();
        double logPi = 0;
        for (int c = 0; c < k; c++) {
            double m = 0;
            for (int j = 0; j < FEATURES; j++) m += theta[c * FEATURES + j] * s[j];
            mean[c] = m;
            double x = a[c];
            if (squashed) {
                double u = 0.5 * (Math.log1p(x) - Math.log1p(-x)), t = -2 * u;
                double softplus = t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
                logPi -= 2 * (LOG_TWO - u - softplus);
                x = u;
            }
            double sd = Math.exp(theta[logStd + c]), z = (x - m) / sd;
            logPi += -0.5 * z * z - theta[logStd + c] - HALF_LOG_TWO_PI;
            double r = z / sd;
            for (int j = 0; j < FEATURES; j++) gradient[c * FEATURES + j] = r * s[j];
            gradient[logStd + c] = z * z - 1;
        }
        return logPi;
    }
}
