package dev.policygrad.rollout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import dev.policygrad.env.Environment;
import dev.policygrad.policy.Policy;

/**
 * The rollout engine on local threads, and the one place episodes are played: every Monte Carlo
 * computation (estimators, their baselines, J and its finite differences) is a {@link RolloutJob}
 * run here or on Spark. Threads take the job's chunks in turn; each chunk's accumulator is filled in
 * episode order and merged in chunk order ({@link OrderedMerge}), so the result is bit-identical for
 * any number of threads, and identical to the Spark engine's. A job that fails fails with the error of
 * its lowest failing chunk, so the episode an error names does not depend on the threads either.
 */
public final class Rollouts implements RolloutEngine {

    private final int threads;
    private final Task boundTask;
    private final double[] boundTheta;
    private final long boundSeed;

    public Rollouts(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.boundTask = null;
        this.boundTheta = null;
        this.boundSeed = 0;
    }

    /**
     * Local threads bound to one policy, environment, theta and seed, for {@link #run(int, IntFunction,
     * Visitor)}: code that needs each episode itself (writing it out, recomputing estimates row by row)
     * rather than a tally of it. The episodes are the same as any job's for that seed.
     */
    public Rollouts(Policy policy, Environment environment, double[] theta, long seed, int threads,
            java.util.function.LongConsumer unusedProgress) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.boundTask = Task.of(policy, environment);
        this.boundTheta = theta.clone();
        this.boundSeed = seed;
    }

    /** Called for every episode, in index order within a chunk, on the worker that played it. */
    public interface Visitor<A> {
        void visit(int index, Worker worker, A accumulator);
    }

    /**
     * Plays episodes 0..episodes-1 of the bound task and visits each; returns one accumulator per chunk,
     * in chunk order. Local threads only (the visitor need not be serializable).
     */
    public <A> List<A> run(int episodes, IntFunction<A> newAccumulator, Visitor<A> visitor) {
        if (boundTask == null) throw new IllegalStateException("these rollouts are not bound to a task");
        Tally<ArrayList<Object>> tally = new Tally<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public ArrayList<Object> start() {
                return new ArrayList<>();
            }

            @Override
            @SuppressWarnings("unchecked")
            public void add(long index, Worker worker, ArrayList<Object> chunk) {
                if (chunk.isEmpty()) chunk.add(newAccumulator.apply((int) (index / chunkOf(episodes))));
                visitor.visit((int) index, worker, (A) chunk.get(0));
            }

            @Override
            public ArrayList<Object> merge(ArrayList<Object> total, ArrayList<Object> next) {
                total.addAll(next);
                return total;
            }
        };
        @SuppressWarnings("unchecked")
        List<A> out = (List<A>) (List<?>) run(new RolloutJob<>(boundTask, boundTheta, boundSeed, episodes, tally), null);
        return out;
    }

    private static int chunkOf(int episodes) {
        return new RolloutJob<>(Task.of(null, null), new double[0], 0, episodes, new NoTally()).chunkSize();
    }

    /** A tally that keeps nothing (to ask a job its chunk size). */
    private static final class NoTally implements Tally<Boolean> {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean start() {
            return Boolean.TRUE;
        }

        @Override
        public void add(long index, Worker worker, Boolean accumulator) {}

        @Override
        public Boolean merge(Boolean total, Boolean next) {
            return total;
        }
    }

    /** On every available core. */
    public static Rollouts onAllCores() {
        return new Rollouts(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    @Override
    public String describe() {
        return "local (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }

    @Override
    public <A extends Serializable> A run(RolloutJob<A> job, LongConsumer progress) {
        int chunks = job.chunks();
        OrderedMerge<A> merge = new OrderedMerge<>(job.tally());
        AtomicInteger next = new AtomicInteger();
        AtomicLong finished = new AtomicLong();
        FirstFailure failure = new FirstFailure();
        Runnable work = () -> {
            Worker worker;
            try {
                worker = worker(job.task());
            } catch (Throwable t) {
                failure.record(-1, t);
                return;
            }
            int c;
            // chunks are taken in order: every chunk below a failed one has been taken, and runs to its end
            while ((c = next.getAndIncrement()) < chunks && c < failure.chunk()) {
                try {
                    merge.accept(c, job.runChunk(c, worker));
                    long done = finished.addAndGet(job.chunkLength(c));
                    if (progress != null) progress.accept(done);
                } catch (Throwable t) {
                    failure.record(c, t);
                    return;
                }
            }
        };
        int n = Math.min(threads, chunks);
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
                failure.record(-1, e.getCause());
            }
        }
        Throwable t = failure.cause();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
        return merge.result(chunks);
    }

    /**
     * The failure of the lowest chunk that failed, so that an error names the episode one thread would
     * have stopped at (the first of the batch to fail), whichever thread fails first in time.
     */
    private static final class FirstFailure {
        private volatile int chunk = Integer.MAX_VALUE;
        private Throwable cause;

        synchronized void record(int failed, Throwable t) {
            if (failed < chunk) {
                chunk = failed;
                cause = t;
            }
        }

        /** The lowest chunk that failed so far ({@code Integer.MAX_VALUE} while none has). */
        int chunk() {
            return chunk;
        }

        synchronized Throwable cause() {
            return cause;
        }
    }

    /** Chunks a streamed job plays ahead of the one being handed over, per thread. */
    static final int STREAM_WINDOW_PER_THREAD = 2;

    /**
     * The threads play chunks ({@link OrderedWindow}: at most {@value #STREAM_WINDOW_PER_THREAD} per thread
     * ahead of the one being handed over) while the calling thread hands them to {@code sink} in order.
     */
    @Override
    public <A extends Serializable> void stream(RolloutJob<A> job, ChunkSink<A> sink, LongConsumer progress)
            throws java.io.IOException {
        int chunks = job.chunks();
        int n = Math.min(threads, chunks);
        OrderedWindow<A> window = new OrderedWindow<>(STREAM_WINDOW_PER_THREAD * n);
        AtomicInteger next = new AtomicInteger();
        AtomicLong finished = new AtomicLong();
        Runnable work = () -> {
            Worker worker;
            try {
                worker = worker(job.task());
            } catch (Throwable t) {
                window.fail(t);
                return;
            }
            int c;
            try {
                while ((c = next.getAndIncrement()) < chunks && window.awaitRoom(c)) {
                    A result;
                    try {
                        result = job.runChunk(c, worker);
                    } catch (Throwable t) {
                        window.failed(c, t);  // this thread stops; the consumer gets t after chunks 0..c-1
                        return;
                    }
                    window.put(c, result);
                    long done = finished.addAndGet(job.chunkLength(c));
                    if (progress != null) progress.accept(done);
                }
            } catch (InterruptedException e) {
                window.fail(e);
            } catch (Throwable t) {
                window.fail(t);  // the progress callback failed
            }
        };
        List<Future<?>> helpers = new ArrayList<>(n);
        for (int k = 0; k < n; k++) helpers.add(POOL.submit(work));
        try {
            for (int c = 0; c < chunks; c++) sink.accept(c, window.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rollouts", e);
        } finally {
            window.close();
            for (Future<?> helper : helpers) {
                try {
                    helper.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    // the work catches everything it throws
                }
            }
        }
    }

    @Override
    public <R extends Serializable> List<R> map(int count, Work<R> work) {
        List<Future<R>> futures = new ArrayList<>(count);
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(threads);
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(POOL.submit(() -> {
                slots.acquireUninterruptibly();
                try {
                    return work.run(index);
                } finally {
                    slots.release();
                }
            }));
        }
        List<R> results = new ArrayList<>(count);
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for work", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    /**
     * This thread's worker for the task's policy and environment: kept from the last job when it was
     * for the same pair, so repeated jobs (training, benchmarks, Spark tasks) reuse warmed tapes and
     * grown buffers.
     */
    public static Worker worker(Task task) {
        Worker cached = WORKERS.get();
        if (cached != null && cached.policy == task.policy() && cached.environment == task.environment()) return cached;
        Worker fresh = new Worker(task.policy(), task.environment());
        WORKERS.set(fresh);
        return fresh;
    }

    private static final ThreadLocal<Worker> WORKERS = new ThreadLocal<>();

    /** Rollout threads, kept between jobs; daemons, so they never keep the program alive. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "policygrad-rollout");
        thread.setDaemon(true);
        return thread;
    });
}
