package dev.policygrad.rollout;

import java.io.Serializable;
import java.util.Objects;

/**
 * A rollout job as a value: which task, at which theta, episodes 0..episodes-1 of which seed, and
 * what to compute from them. Episode i draws its randomness from (seed, i) alone. The episodes are cut
 * into chunks of {@link #chunkSize()} consecutive indices, a function of the episode count only (and of
 * the tally's {@link Tally#largestChunk() largest chunk}, which only a tally keeping a row per episode lowers); chunk
 * c's accumulator is filled in episode order and the accumulators are merged in chunk order, so every
 * engine (any number of threads, any Spark cluster) computes the same bits.
 */
public record RolloutJob<A extends Serializable>(Task task, double[] theta, long seed, int episodes, Tally<A> tally)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The smallest and largest chunk (of a tally that does not ask for smaller ones, {@link Tally#largestChunk}). */
    public static final int MIN_CHUNK = 64;
    public static final int MAX_CHUNK = 65_536;

    /** The number of chunks aimed at, so that up to a few hundred threads or executors share the work. */
    static final int TARGET_CHUNKS = 256;

    public RolloutJob {
        Objects.requireNonNull(task);
        Objects.requireNonNull(tally);
        theta = theta.clone();
        if (episodes < 1) throw new dev.policygrad.diag.UsageError("a job needs at least one episode, got " + episodes);
    }

    /**
     * A power of two between 64 and 65536, about episodes / 256; at most the tally's largest chunk, which
     * may be smaller than 64 (then the chunks are all of that size).
     */
    public int chunkSize() {
        int largest = Math.max(1, Math.min(MAX_CHUNK, tally.largestChunk()));
        if (largest <= MIN_CHUNK) return Integer.highestOneBit(largest);
        int size = MIN_CHUNK;
        while (size < largest && (long) size * TARGET_CHUNKS < episodes) size *= 2;
        return size;
    }

    public int chunks() {
        int size = chunkSize();
        return (int) (((long) episodes + size - 1) / size);
    }

    /** The number of episodes in chunk {@code c}. */
    public int chunkLength(int c) {
        long start = (long) c * chunkSize();
        return (int) Math.min(chunkSize(), episodes - start);
    }

    /** Plays the episodes of chunk {@code c} on {@code worker} and returns their accumulator. */
    public A runChunk(int c, Worker worker) {
        worker.bind(theta, seed, tally.readsScores());
        A accumulator = tally.start();
        long start = (long) c * chunkSize();
        long end = Math.min(episodes, start + chunkSize());
        for (long i = start; i < end; i++) {
            worker.play(theta, i);
            tally.add(i, worker, accumulator);
        }
        return accumulator;
    }

    /** A worker for this job's task. */
    public Worker newWorker() {
        return new Worker(task.policy(), task.environment());
    }
}
