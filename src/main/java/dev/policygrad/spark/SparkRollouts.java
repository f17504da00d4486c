package dev.policygrad.spark;

import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.UsageError;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The rollout engine on Apache Spark. A job's chunks become the partitions of an RDD of chunk
 * indices (one partition per chunk, so the cut is the job's, never the cluster's); each task plays
 * its chunk with {@link RolloutJob#runChunk} on a worker of its executor and returns the chunk's
 * sufficient statistics; the driver merges them in chunk order as they arrive, exactly as the local
 * engine does, so the bits do not depend on the master or the number of executors.
 *
 * <p>Loaded only through {@link dev.policygrad.rollout.Engines#spark}. Failures end in a clear error,
 * never a wait without end: on a cluster master, no executor within {@link #CONNECT_TIMEOUT_SECONDS}
 * (an unreachable master, a master without workers); while a job runs, no executor at all for
 * {@link #LOST_TIMEOUT_SECONDS} (every worker died); a task failing {@code spark.task.maxFailures}
 * times fails the job. An error in the user's input (a formula that fails on some episode) is not a
 * task's failure: the task returns it, and the driver throws the first in chunk order, as local threads
 * do, with its span, so it quotes the line.
 */
public final class SparkRollouts implements RolloutEngine {

    /** Seconds to wait for a cluster's first executor (system property policygrad.spark.connect-timeout). */
    static final long CONNECT_TIMEOUT_SECONDS = Long.getLong("policygrad.spark.connect-timeout", 60);

    /** Seconds a running job may go without any executor (system property policygrad.spark.lost-timeout). */
    static final long LOST_TIMEOUT_SECONDS = Long.getLong("policygrad.spark.lost-timeout", 30);

    private final String master;
    private final JavaSparkContext context;
    private final ClassLoader loader;

    public SparkRollouts(String master, ClassLoader loader, Path ownJar) {
        this.master = master;
        this.loader = loader;
        boolean local = master.startsWith("local");
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "policygrad-spark-log4j2.properties");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("policygrad")
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.task.maxFailures", "4");
        if (local || master.contains("://127.0.0.1") || master.contains("://localhost")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!local) {
            if (!Files.isRegularFile(ownJar)) {
                throw new UsageError("a Spark cluster needs policygrad as a jar to ship to its executors; run from "
                        + "target/policygrad.jar (the launcher does), not from " + ownJar);
            }
            conf.setIfMissing("spark.jars", ownJar.toAbsolutePath().toString());
        }
        context = local ? start(conf) : startWithin(conf, CONNECT_TIMEOUT_SECONDS);
        if (!local) awaitExecutor();
    }

    private JavaSparkContext start(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new UsageError("could not start Spark on " + master + ": " + message(e));
        }
    }

    /**
     * Starts the context on a thread of its own: against a standalone master Spark's constructor waits
     * until the application is registered, retrying an unreachable master for a minute, so the wait
     * is bounded here. A context that comes up late is stopped.
     */
    private JavaSparkContext startWithin(SparkConf conf, long seconds) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            Object result;
            try {
                result = new JavaSparkContext(conf);
            } catch (Throwable t) {
                result = t;
            }
            if (!outcome.compareAndSet(null, result) && result instanceof JavaSparkContext late) late.stop();
        }, "policygrad-spark-start");
        starter.setContextClassLoader(loader);
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object result = outcome.getAndSet(Boolean.FALSE);
        if (result instanceof JavaSparkContext started) return started;
        if (result instanceof Throwable t) {
            throw new UsageError("could not start Spark on " + master + ": " + message(t));
        }
        throw new UsageError("the Spark master at " + master + " did not accept policygrad within " + seconds
                + " s: is a master running there, and reachable from this machine?");
    }

    @Override
    public String describe() {
        return "spark " + master;
    }

    @Override
    public <A extends Serializable> A run(RolloutJob<A> job, LongConsumer progress) {
        checkSerializable(job);
        int chunks = job.chunks();
        List<Integer> indices = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) indices.add(c);
        JavaRDD<Integer> rdd = context.parallelize(indices, chunks);
        List<A> all = firstFailureThrown(collect(() -> rdd.map(c -> attempt(() -> job.runChunk(c,
                Rollouts.worker(job.task())))).collect(), progress, job.episodes()));
        A total = all.get(0);
        for (int c = 1; c < all.size(); c++) total = job.tally().merge(total, all.get(c));
        return total;
    }

    /** Episodes a streamed job plays per Spark job, per unit of the cluster's default parallelism. */
    static final int STREAM_EPISODES_PER_CORE = 256;

    /**
     * The chunks in batches, each one Spark job of about {@value #STREAM_EPISODES_PER_CORE} episodes per
     * core (and at least two chunks per core), collected and handed to {@code sink} in order before the
     * next batch starts: the driver holds one batch at a time.
     */
    @Override
    public <A extends Serializable> void stream(RolloutJob<A> job, ChunkSink<A> sink, LongConsumer progress)
            throws java.io.IOException {
        checkSerializable(job);
        int chunks = job.chunks();
        int cores = Math.max(1, context.defaultParallelism());
        int batch = (int) Math.max(2L * cores, (long) cores * STREAM_EPISODES_PER_CORE / job.chunkSize());
        for (int from = 0; from < chunks; from += batch) {
            int to = Math.min(chunks, from + batch);
            List<Integer> indices = new ArrayList<>(to - from);
            for (int c = from; c < to; c++) indices.add(c);
            JavaRDD<Integer> rdd = context.parallelize(indices, to - from);
            long done = Math.min(job.episodes(), (long) to * job.chunkSize());
            List<A> results = firstFailureThrown(collect(() -> rdd.map(c -> attempt(() -> job.runChunk(c,
                    Rollouts.worker(job.task())))).collect(), progress, done));
            for (int c = from; c < to; c++) sink.accept(c, results.get(c - from));
        }
    }

    /**
     * Runs {@code action} (one Spark job) on a thread of its own, watched by {@link #watch}, and
     * returns what it collected.
     */
    private <T> List<T> collect(java.util.function.Supplier<List<T>> action, LongConsumer progress, long total) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            String group = "policygrad-" + System.nanoTime();
            AtomicReference<List<T>> results = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                context.setJobGroup(group, "policygrad", true);
                try {
                    results.set(action.get());
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "policygrad-spark-job");
            runner.setContextClassLoader(loader);
            runner.setDaemon(true);
            runner.start();
            watch(runner, group);
            Throwable failed = failure.get();
            if (failed != null) {
                for (Throwable t = failed; t != null && t.getCause() != t; t = t.getCause()) {
                    if (t instanceof PolicygradException own) throw own;  // bad input, found on an executor
                }
                throw new UsageError("the Spark job on " + master + " failed: " + message(failed));
            }
            if (progress != null) progress.accept(total);
            return results.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public <R extends Serializable> List<R> map(int count, Work<R> work) {
        checkSerializable(work);
        List<Integer> indices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) indices.add(i);
        JavaRDD<Integer> rdd = context.parallelize(indices, Math.max(1, count));
        return firstFailureThrown(collect(() -> rdd.map(i -> attempt(() -> work.run(i))).collect(), null, count));
    }

    /**
     * A task's result, or the error in the user's input it stopped at (an evaluation error on some
     * episode): tasks return it rather than fail, so that the driver throws the first in task order, the
     * one local threads and a single thread throw, not whichever failed first in time.
     */
    private record Outcome<R extends Serializable>(R result, PolicygradException failure) implements Serializable {}

    private static <R extends Serializable> Outcome<R> attempt(java.util.function.Supplier<R> task) {
        try {
            return new Outcome<>(task.get(), null);
        } catch (PolicygradException e) {
            return new Outcome<>(null, e);
        }
    }

    private static <R extends Serializable> List<R> firstFailureThrown(List<Outcome<R>> outcomes) {
        List<R> results = new ArrayList<>(outcomes.size());
        for (Outcome<R> outcome : outcomes) {
            if (outcome.failure() != null) throw outcome.failure();
            results.add(outcome.result());
        }
        return results;
    }

    /** Waits for the job, cancelling it when the cluster has had no executor for too long. */
    private void watch(Thread runner, String group) {
        long lostSince = -1;
        while (runner.isAlive()) {
            try {
                runner.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.cancelJobGroup(group);
                throw new IllegalStateException("interrupted while waiting for Spark");
            }
            if (master.startsWith("local")) continue;
            if (executors() == 0) {
                if (lostSince < 0) lostSince = System.nanoTime();
                if (System.nanoTime() - lostSince > LOST_TIMEOUT_SECONDS * 1_000_000_000L) {
                    context.cancelJobGroup(group);
                    throw new UsageError("the Spark cluster at " + master + " has had no executor for "
                            + LOST_TIMEOUT_SECONDS + " s (its workers died or left); the job was cancelled");
                }
            } else {
                lostSince = -1;
            }
        }
    }

    /** Executors registered, not counting the driver. */
    private int executors() {
        return Math.max(0, context.sc().statusTracker().getExecutorInfos().length - 1);
    }

    private void awaitExecutor() {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT_SECONDS * 1_000_000_000L;
        while (executors() == 0) {
            if (System.nanoTime() > deadline) {
                context.stop();
                throw new UsageError("no Spark executor joined within " + CONNECT_TIMEOUT_SECONDS + " s at " + master
                        + ": is the master running there, with a worker that has free cores and memory?");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.stop();
                throw new IllegalStateException("interrupted while waiting for Spark executors");
            }
        }
    }

    private static void checkSerializable(Object job) {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(job);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("this job cannot be shipped to Spark (" + e.getMessage() + " is not "
                    + "serializable); build its task from source text (SourceTask)", e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null ? root.toString() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        context.stop();
    }
}
