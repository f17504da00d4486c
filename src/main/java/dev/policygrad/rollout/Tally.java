package dev.policygrad.rollout;

import java.io.Serializable;

/**
 * What a rollout job computes from its episodes: an accumulator per chunk, filled episode by episode
 * in index order, and a merge that the engine applies to the chunks' accumulators in chunk order. The
 * accumulator holds sufficient statistics (counts, sums, moments), never a row per episode, so its
 * size does not grow with the number of episodes. Tallies and accumulators are {@link Serializable}
 * so that chunks can run on other machines.
 *
 * @param <A> the accumulator
 */
public interface Tally<A extends Serializable> extends Serializable {

    /** A fresh accumulator for one chunk. */
    A start();

    /**
     * Adds episode {@code index}, which the worker has just played (in {@code worker.episode}); the
     * tally may play further episodes on the worker ({@link Worker#play}).
     */
    void add(long index, Worker worker, A accumulator);

    /**
     * Whether {@link #add} reads the per-step scores grad log pi(a_t | s_t) kept in the episode
     * ({@link Episode#scored()}). A tally that needs only states, actions and rewards (returns, baseline
     * fits) says false and the engine skips every backward sweep; the episodes drawn are the same.
     */
    default boolean readsScores() {
        return true;
    }

    /**
     * The most episodes one chunk of this tally's jobs may hold ({@link RolloutJob#chunkSize()}). A tally
     * of sufficient statistics keeps the default, {@link RolloutJob#MAX_CHUNK}; one whose accumulator
     * keeps something per episode ({@code EpisodeLines}, a line each) lowers it, even below {@link
     * RolloutJob#MIN_CHUNK}, so that a job streamed chunk by chunk ({@link RolloutEngine#stream}) holds a
     * few small chunks at once, whatever its size. A power of two is used as it is; another is rounded down.
     */
    default int largestChunk() {
        return RolloutJob.MAX_CHUNK;
    }

    /** Merges {@code next}, the accumulator of the following chunk(s), into {@code total} and returns it. */
    A merge(A total, A next);
}
