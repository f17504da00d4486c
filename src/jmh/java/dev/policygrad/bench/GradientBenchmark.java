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
 * The cost of one log pi and of one score (log pi and d log pi / d theta, forward and reverse
 * sweep) through the engine, next to the same numbers computed by {@link HandWritten} code. Each call
 * takes the next of {@value #SAMPLES} random (state, action) pairs, so no input is constant.
 *
 * <p>Ratios reported in BENCHMARKS.md: engineScore / engineLogPi (the cost of the gradient relative to
 * the function) and engineScore / handScore (the engine's overhead over plain Java).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class GradientBenchmark {

    static final int SAMPLES = 64;

    @Param({"softmax4", "softmax64", "softmax1024", "gaussian64", "mlp"})
    public String policy;

    /** The tape backend ({@code -p backend=interpreter} for the reference). */
    @Param({"compiled", "interpreter"})
    public String backend;

    private Evaluator evaluator;
    private HandWritten hand;
    private double[] theta;
    private double[][] states;
    private double[] actions;
    private double[] gradient;
    private int next;

    @Setup
    public void setUp() {
        Backend.prefer(Backend.of(backend));
        Policy compiled = BenchPolicies.compile(policy, BenchPolicies.source(policy));
        evaluator = compiled.newEvaluator();
        hand = HandWritten.of(policy, compiled);
        SplittableRandom random = new SplittableRandom(42);
        theta = compiled.initialParameters(7);
        states = BenchPolicies.states(SAMPLES, compiled.stateSize(), random);
        int actionCount = compiled.actions().isDiscrete() ? compiled.actions().count() : 0;
        actions = BenchPolicies.actions(SAMPLES, actionCount, random);
        gradient = new double[theta.length];
        Agreement.require(policy, evaluator, hand, theta, states, actions);
    }

    private int nextSample() {
        next = (next + 1) & (SAMPLES - 1);
        return next;
    }

    @Benchmark
    public double engineLogPi() {
        int i = nextSample();
        return evaluator.logPi(theta, states[i], actions[i]);
    }

    @Benchmark
    public double engineScore() {
        int i = nextSample();
        return evaluator.score(theta, states[i], actions[i], gradient);
    }

    @Benchmark
    public double handLogPi() {
        int i = nextSample();
        return hand.logPi(theta, states[i], actions[i]);
    }

    @Benchmark
    public double handScore() {
        int i = nextSample();
        return hand.score(theta, states[i], actions[i], gradient);
    }
}
