package dev.policygrad.bench;

import dev.policygrad.policy.Policy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * REINFORCE throughput on CartPole with the linear softmax policy, in environment steps per second
 * (one operation = one step, including sampling the action and the step's share of the gradient).
 * One thread, and one per available core ({@code Threads.MAX}); JMH sums the threads' throughput.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ReinforceBenchmark.STEPS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class ReinforceBenchmark {

    static final int STEPS = 10_000;
    private static final AtomicLong SEEDS = new AtomicLong(1);

    @State(Scope.Thread)
    public static class Loops {
        ReinforceLoop engine, hand;

        @Setup
        public void setUp() {
            Policy policy = BenchPolicies.compile("cartpole_softmax", ReinforceLoop.policySource());
            double[] theta = policy.initialParameters(7);
            long seed = SEEDS.getAndIncrement();
            engine = new ReinforceLoop.Engine(policy, theta, seed);
            hand = new ReinforceLoop.Hand(policy.parameters().block("W").offset(),
                    policy.parameters().block("b").offset(), theta.clone(), seed);
        }
    }

    @Benchmark
    @Threads(1)
    public int engineOneThread(Loops loops) {
        return loops.engine.run(STEPS);
    }

    @Benchmark
    @Threads(Threads.MAX)
    public int engineAllThreads(Loops loops) {
        return loops.engine.run(STEPS);
    }

    @Benchmark
    @Threads(1)
    public int handOneThread(Loops loops) {
        return loops.hand.run(STEPS);
    }

    @Benchmark
    @Threads(Threads.MAX)
    public int handAllThreads(Loops loops) {
        return loops.hand.run(STEPS);
    }
}
