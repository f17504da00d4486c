package dev.policygrad.bench;

import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
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
 * Forward against reverse mode as the parameter count P grows, on the linear softmax over 4 actions
 * with F = P / 4 - 1 features. Reverse mode (the engine's tape) costs a small multiple of one
 * evaluation whatever P is; forward mode carries the whole gradient with every intermediate value, so
 * one evaluation costs O(P) times more (Griewank and Walther, <i>Evaluating Derivatives</i>, ch. 3-4).
 *
 * <p>Forward mode is Commons Math's {@link DerivativeStructure}, one free variable per parameter,
 * written directly from the same formula. Its compiler cache grows as P^3, so it stops at P = 1028.
 */
public class ScalingBenchmark {

    /** Inputs shared by both modes: a policy with P parameters, its theta, one state and action. */
    @State(Scope.Thread)
    public abstract static class Inputs {
        int actions = 4, features;
        Policy policy;
        double[] theta, state, gradient;
        int action;

        void prepare(int parameters) {
            features = parameters / actions - 1;
            policy = BenchPolicies.compile("softmax" + features, BenchPolicies.linearSoftmax(actions, features));
            theta = policy.initialParameters(7);
            SplittableRandom random = new SplittableRandom(42);
            state = BenchPolicies.states(1, features, random)[0];
            action = random.nextInt(actions);
            gradient = new double[theta.length];
        }
    }

    public static class ForwardInputs extends Inputs {
        @Param({"8", "20", "68", "260", "516", "1028"})
        public int parameters;

        @Setup
        public void setUp() {
            prepare(parameters);
            double[] expected = new double[theta.length];
            policy.newEvaluator().score(theta, state, action, expected);
            forwardMode(this);
            for (int k = 0; k < expected.length; k++) {
                if (Math.abs(expected[k] - gradient[k]) > 1e-9) {
                    throw new IllegalStateException("forward mode disagrees with the tape at theta[" + k + "]");
                }
            }
        }
    }

    public static class ReverseInputs extends Inputs {
        @Param({"8", "20", "68", "260", "516", "1028", "4100", "16388"})
        public int parameters;

        Evaluator evaluator;

        @Setup
        public void setUp() {
            prepare(parameters);
            evaluator = policy.newEvaluator();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
    public double reverse(ReverseInputs in) {
        return in.evaluator.score(in.theta, in.state, in.action, in.gradient);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx4g"})
    public double forward(ForwardInputs in) {
        return forwardMode(in);
    }

    /** log pi(a | s) = z_a - logsumexp(z), z = W s + b, with theta = (W row-major, b) seeded as variables. */
    static double forwardMode(Inputs in) {
        int p = in.theta.length, f = in.features;
        DerivativeStructure[] theta = new DerivativeStructure[p];
        for (int k = 0; k < p; k++) theta[k] = new DerivativeStructure(p, 1, k, in.theta[k]);
        DerivativeStructure[] z = new DerivativeStructure[in.actions];
        DerivativeStructure[] row = new DerivativeStructure[f];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < in.actions; i++) {
            System.arraycopy(theta, i * f, row, 0, f);
            z[i] = theta[in.actions * f + i].add(row[0].linearCombination(in.state, row));
            max = Math.max(max, z[i].getValue());
        }
        DerivativeStructure sum = z[0].subtract(max).exp();
        for (int i = 1; i < in.actions; i++) sum = sum.add(z[i].subtract(max).exp());
        DerivativeStructure logPi = z[in.action].subtract(sum.log().add(max));
        // With one derivative order, the derivatives follow the value in variable order.
        System.arraycopy(logPi.getAllDerivatives(), 1, in.gradient, 0, p);
        return logPi.getValue();
    }
}
