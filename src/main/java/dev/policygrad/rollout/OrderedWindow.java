package dev.policygrad.rollout;

import java.util.HashMap;
import java.util.Map;

/**
 * Chunk results handed from the threads that play them to one consumer, in chunk order, as {@link
 * OrderedMerge} merges them, but without merging: the consumer takes chunk 0, then 1, ... and a thread
 * may start chunk c only while c is less than the chunks taken plus {@code window}. So at most
 * {@code window} chunks are played ahead of the consumer (finished and waiting, or being played),
 * whatever the number of chunks.
 *
 * <p>A chunk that fails is recorded as its failure, and the consumer gets that failure when it comes to
 * the chunk, after every earlier chunk: which error ends a stream does not depend on the threads. A
 * failure outside any chunk ({@link #fail}) ends it at once.
 */
final class OrderedWindow<A> {

    private final int window;
    private final Map<Integer, Object> finished = new HashMap<>();
    private int taken;
    private Throwable failure;
    private boolean closed;

    OrderedWindow(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
        this.window = window;
    }

    /** A chunk's failure, as it waits in {@link #finished}. */
    private record Failed(Throwable cause) {}

    /**
     * Waits until chunk {@code c} may be played; false when the stream is over (closed by the consumer,
     * or failed outside a chunk), and the chunk is not to be played.
     */
    synchronized boolean awaitRoom(int c) throws InterruptedException {
        while (!closed && failure == null && c >= taken + window) wait();
        return !closed && failure == null;
    }

    /** Chunk {@code c}'s result. */
    synchronized void put(int c, A result) {
        finished.put(c, result);
        notifyAll();
    }

    /** Chunk {@code c} failed with {@code cause}. */
    synchronized void failed(int c, Throwable cause) {
        finished.put(c, new Failed(cause));
        notifyAll();
    }

    /** Something outside any chunk failed (a worker could not be made): the consumer stops at once. */
    synchronized void fail(Throwable cause) {
        if (failure == null) failure = cause;
        notifyAll();
    }

    /**
     * The next chunk's result, waiting for it; throws the chunk's failure (a RuntimeException or Error as
     * it was, another Throwable wrapped), or a failure outside the chunks.
     */
    @SuppressWarnings("unchecked")
    synchronized A take() throws InterruptedException {
        while (!finished.containsKey(taken)) {
            if (failure != null) throw rethrown(failure);
            wait();
        }
        Object result = finished.remove(taken);
        if (result instanceof Failed f) throw rethrown(f.cause());
        taken++;
        notifyAll();
        return (A) result;
    }

    /** The consumer is done (or gave up): threads waiting for room stop, and none starts another chunk. */
    synchronized void close() {
        closed = true;
        finished.clear();
        notifyAll();
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
