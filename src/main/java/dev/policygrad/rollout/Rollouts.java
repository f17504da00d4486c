package dev.policygrad.rollout;

import dev.policygrad.env.Environment;
import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Plays episodes in parallel, reproducibly. Episode i draws all its randomness (start state, actions,
 * transitions) from {@link EpisodeSeeds#random(long, long) EpisodeSeeds.random(seed, i)}, so it is a
 * function of (seed, i) alone, and the same episode the Monte Carlo objective plays for that seed. Episodes are handed out in fixed blocks of consecutive indices; each block gets its
 * own accumulator, filled in episode order, and the accumulators come back in block order. Whatever
 * combines them in that order gets bit-identical results for any number of threads.
 */
public final class Rollouts {

    /** Episodes per block: small enough to balance threads, large enough to amortize the hand-out. */
    static final int BLOCK = 16;

    private final Policy policy;
    private final Environment environment;
    private final double[] theta;
    private final long seed;
    private final int threads;
    private final IntConsumer progress;

    /**
     * @param progress told the number of episodes finished after each block (from any thread), or null
     */
    public Rollouts(Policy policy, Environment environment, double[] theta, long seed, int threads,
            IntConsumer progress) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.policy = policy;
        this.environment = environment;
        this.theta = theta.clone();
        this.seed = seed;
        this.threads = threads;
        this.progress = progress;
    }

    /** What one thread owns: the policy's evaluator, a simulator, the episode buffer, a state vector. */
    public static final class Worker {
        private final Policy policy;
        private final Environment environment;
        public final Evaluator evaluator;
        public final Environment.Simulator simulator;
        public final Episode episode;
        /** A state-sized scratch vector. */
        public final double[] state;

        Worker(Policy policy, Environment environment) {
            this.policy = policy;
            this.environment = environment;
            evaluator = policy.newEvaluator();
            simulator = environment.newSimulator();
            episode = new Episode(environment.observationSize(), policy.parameters().size());
            state = new double[environment.observationSize()];
        }
    }

    /** Called for every episode, in index order within a block, on the worker that played it. */
    public interface Visitor<A> {
        void visit(int index, Worker worker, A accumulator);
    }

    public double[] theta() {
        return theta.clone();
    }

    /**
     * Plays episodes 0..episodes-1 and visits each; returns one accumulator per block, in block order.
     */
    public <A> List<A> run(int episodes, IntFunction<A> newAccumulator, Visitor<A> visitor) {
        int blocks = (episodes + BLOCK - 1) / BLOCK;
        List<A> accumulators = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) accumulators.add(newAccumulator.apply(b));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            try {
                Worker worker = worker();
                int b;
                while (failure.get() == null && (b = next.getAndIncrement()) < blocks) {
                    int end = Math.min(episodes, (b + 1) * BLOCK);
                    for (int i = b * BLOCK; i < end; i++) {
                        worker.episode.record(worker.evaluator, worker.simulator, theta, environment.gamma(),
                                environment.horizon(), EpisodeSeeds.random(seed, i));
                        visitor.visit(i, worker, accumulators.get(b));
                    }
                    int done = finished.addAndGet(end - b * BLOCK);
                    if (progress != null) progress.accept(done);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        int n = Math.min(threads, Math.max(1, blocks));
        List<Future<?>> helpers = new ArrayList<>(n - 1);
        for (int k = 1; k < n; k++) helpers.add(POOL.submit(work));
        work.run();
        for (Future<?> helper : helpers) {
            try {
                helper.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rollouts", e);
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
        return accumulators;
    }

    /**
     * This thread's worker for this policy and environment: kept from the last batch when it was for
     * the same pair, so repeated batches (training, benchmarks) reuse warmed tapes and grown buffers.
     */
    private Worker worker() {
        Worker cached = WORKERS.get();
        if (cached != null && cached.policy == policy && cached.environment == environment) return cached;
        Worker fresh = new Worker(policy, environment);
        WORKERS.set(fresh);
        return fresh;
    }

    private static final ThreadLocal<Worker> WORKERS = new ThreadLocal<>();

    /** Rollout threads, kept between batches; daemons, so they never keep the program alive. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "policygrad-rollout");
        thread.setDaemon(true);
        return thread;
    });
}
