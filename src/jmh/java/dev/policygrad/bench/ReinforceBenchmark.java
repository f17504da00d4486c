package dev.policygrad.bench;

import dev.policygrad.ad.Backend;
import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import dev.policygrad.env.Environment;
import dev.policygrad.env.CartPole;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * REINFORCE throughput on CartPole with the linear softmax policy, in environment steps per second,
 * a step including the action's sampling and its share of the gradient estimate.
 *
 * <p>The engine: {@link Estimator} (rewards-to-go, no baseline) on the engine's {@link CartPole},
 * one batch of {@value #EPISODES} episodes per call (the {@code episodes} parameter) on one thread or
 * on every core ({@link Batch}'s threads); its steps are counted by the {@code steps} counter (reported
 * as steps/s). The hand-written reference: {@link ReinforceLoop}, {@value #STEPS} steps per call, on one
 * JMH thread or one per core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class ReinforceBenchmark {

    static final int STEPS = 10_000;
    /**
     * Episodes per call: 16 of the engine's chunks (chunks are 64 episodes at this size and do not
     * depend on the thread count), so a second thread has work to share; a batch of one chunk cannot
     * scale at all.
     */
    static final int EPISODES = 1024;
    static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final AtomicLong SEEDS = new AtomicLong(1);

    /** examples/cartpole/linear: a linear softmax that balances the pole for a while. */
    static final String POLICY = "state s[4]\n"
            + "action a in {left, right}\n"
            + "param W[2][4] = [[0, 0, -1, -1], [0, 0, 1, 1]]\n"
            + "param b[2] = 0\n"
            + "policy pi(a | s) = categorical(logits = W @ s + b)\n";

    @State(Scope.Thread)
    public static class Setting {
        /** The tape backend the engine runs on ({@code -p backend=interpreter} for the reference). */
        @Param({"compiled", "interpreter"})
        public String backend;

        /**
         * The engine's CartPole: {@code builtin} (hand-written Java), or {@code formula}, the same dynamics
         * written as formulas in {@code examples/cartpole/formula.pg} and run as compiled tapes (the same
         * episodes bit for bit; its gamma is 1, which changes the estimator's weights, not the work).
         * Run from the repository's root for {@code formula}.
         */
        @Param({"builtin"})
        public String env;

        /**
         * Episodes per engine call ({@link #EPISODES} by default; {@code -p episodes=16384} gives 256
         * chunks, so the last chunk's tail, when one thread idles while the other finishes, is a smaller
         * share of the batch).
         */
        @Param({"" + EPISODES})
        public int episodes;

        Policy policy;
        double[] theta;
        Environment environment;
        Estimator estimator = Estimator.of(EstimatorKind.REWARD_TO_GO);
        ReinforceLoop hand;
        long seed;

        @Setup
        public void setUp() {
            Backend.prefer(Backend.of(backend));
            policy = BenchPolicies.compile("cartpole_linear", POLICY);
            environment = env.equals("formula") ? formulaCartPole()
                    : new CartPole(ReinforceLoop.GAMMA, dev.policygrad.bench.CartPole.HORIZON);
            theta = policy.initialParameters(7);
            seed = SEEDS.getAndIncrement();
            hand = new ReinforceLoop(policy.parameters().block("W").offset(), policy.parameters().block("b").offset(),
                    theta.clone(), seed);
        }
    }

    /** examples/cartpole/formula.pg, for the policy above. */
    static Environment formulaCartPole() {
        try {
            String text = POLICY + Files.readString(Path.of("examples/cartpole/formula.pg"));
            return Checker.check(Parser.parse("formula.pg", text)).environment();
        } catch (IOException e) {
            throw new UncheckedIOException("env=formula reads examples/cartpole/formula.pg: run from the repository's root", e);
        }
    }

    /** Environment steps taken, reported by JMH as a rate next to the calls per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Steps {
        public long steps;

        @Setup(Level.Iteration)
        public void clear() {
            steps = 0;
        }
    }

    private static Estimate batch(Setting s, int threads) {
        return s.estimator.estimate(s.policy, s.environment, s.theta, new Batch(s.episodes, s.seed++, threads));
    }

    @Benchmark
    @Threads(1)
    public double engineOneThread(Setting s, Steps steps) {
        Estimate e = batch(s, 1);
        steps.steps += e.steps();
        return e.mean()[0];
    }

    @Benchmark
    @Threads(1)
    public double engineAllThreads(Setting s, Steps steps) {
        Estimate e = batch(s, CORES);
        steps.steps += e.steps();
        return e.mean()[0];
    }

    /**
     * The episodes alone, as a Monte Carlo estimate of J and the independent reference of {@code verify}
     * play them: a tally that reads only returns, so no score is computed.
     */
    @Benchmark
    @Threads(1)
    public double enginePlayOneThread(Setting s, Steps steps) {
        long[] played = new Rollouts(1).run(new RolloutJob<>(Task.of(s.policy, s.environment), s.theta, s.seed++,
                s.episodes, new StepCount()), null);
        steps.steps += played[0];
        return played[1];
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(STEPS)
    public int handPlayOneThread(Setting s) {
        return s.hand.play(STEPS);
    }

    /** Steps and the sum of returns, reading no score. */
    static final class StepCount implements Tally<long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] start() {
            return new long[2];
        }

        @Override
        public void add(long index, Worker worker, long[] total) {
            total[0] += worker.episode.length();
            total[1] += (long) worker.episode.totalReturn();
        }

        @Override
        public boolean readsScores() {
            return false;
        }

        @Override
        public long[] merge(long[] total, long[] next) {
            total[0] += next[0];
            total[1] += next[1];
            return total;
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(STEPS)
    public int handOneThread(Setting s) {
        return s.hand.run(STEPS);
    }

    @Benchmark
    @Threads(Threads.MAX)
    @OperationsPerInvocation(STEPS)
    public int handAllThreads(Setting s) {
        return s.hand.run(STEPS);
    }
}
