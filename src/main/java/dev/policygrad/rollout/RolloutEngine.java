package dev.policygrad.rollout;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs rollout jobs: local threads ({@link Rollouts}) or a Spark cluster (loaded only when asked for,
 * see {@link Engines}). Whatever the engine, a job gives the same bits.
 */
public interface RolloutEngine extends AutoCloseable {

    /**
     * Runs every chunk of {@code job} and returns their accumulators merged in chunk order.
     *
     * @param progress told the number of the job's episodes finished so far (from any thread), or null
     */
    <A extends Serializable> A run(RolloutJob<A> job, LongConsumer progress);

    /**
     * Runs every chunk of {@code job} and hands each chunk's accumulator to {@code sink} in chunk order,
     * on the calling thread, instead of merging them: for results too large to hold at once (the lines
     * of {@code sample}). Chunks are played at most a few ahead of the one {@code sink} is given, so the
     * chunks held at once are bounded by the engine's parallelism, not by the job's size. An error in a
     * chunk, or in {@code sink}, ends the stream with that error, and no further chunk is started.
     *
     * @param progress told the number of the job's episodes finished so far (from any thread), or null
     */
    <A extends Serializable> void stream(RolloutJob<A> job, ChunkSink<A> sink, LongConsumer progress) throws IOException;

    /** Takes a streamed job's chunk accumulators, chunk 0 first. */
    interface ChunkSink<A> {
        void accept(int chunk, A accumulator) throws IOException;
    }

    /**
     * Runs {@code work} for indices 0..count-1 (independent pieces, e.g. one training run per seed) and
     * returns the results in index order.
     */
    <R extends Serializable> List<R> map(int count, Work<R> work);

    /** One independent piece of a {@link #map}: a function of its index alone. */
    interface Work<R> extends Serializable {
        R run(int index);
    }

    /** For messages: {@code local (2 threads)}, {@code spark local[*]}. */
    String describe();

    /** Releases what the engine holds (a Spark context); local threads hold nothing. */
    @Override
    default void close() {}
}
