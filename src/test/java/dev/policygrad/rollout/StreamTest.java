package dev.policygrad.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A streamed job hands its chunks over in chunk order on any number of threads, plays at most a few
 * ahead of the one being handed over (so memory does not grow with the job), and ends with the error of
 * the earliest chunk that failed, or the sink's, starting no chunk after it.
 */
class StreamTest {

    private static final double[] THETA = {0.1, 0, -0.5, -0.3, 0, 0.2, 0.4, 0.3, 0, 0};

    private static SourceTask cartPole() throws IOException {
        return new SourceTask(List.of(
                new SourceTask.SourceFile("env.pg", Files.readString(Path.of("examples/cartpole/env.pg"))),
                new SourceTask.SourceFile("policy.pg",
                        Files.readString(Path.of("examples/cartpole/linear/policy.pg")))), null);
    }

    /** Each episode's index and length, in chunks of 8; counts the chunks begun; fails from episode {@code failFrom} on. */
    static final class Lengths implements Tally<ArrayList<long[]>> {
        private static final long serialVersionUID = 1L;
        final AtomicInteger begun = new AtomicInteger();
        final long failFrom;

        Lengths(long failFrom) {
            this.failFrom = failFrom;
        }

        @Override
        public ArrayList<long[]> start() {
            begun.incrementAndGet();
            return new ArrayList<>();
        }

        @Override
        public void add(long index, Worker worker, ArrayList<long[]> out) {
            if (index >= failFrom) throw new IllegalStateException("episode " + index + " failed");
            out.add(new long[] {index, worker.episode.length()});
        }

        @Override
        public boolean readsScores() {
            return false;
        }

        @Override
        public int largestChunk() {
            return 8;
        }

        @Override
        public ArrayList<long[]> merge(ArrayList<long[]> total, ArrayList<long[]> next) {
            total.addAll(next);
            return total;
        }
    }

    @Test
    void chunksArriveInOrderAndFewArePlayedAhead() throws Exception {
        SourceTask task = cartPole();
        int episodes = 1000, threads = 3;
        // the reference: the same job merged whole, on one thread
        List<long[]> whole = new Rollouts(1).run(new RolloutJob<>(task, THETA, 4, episodes, new Lengths(Long.MAX_VALUE)), null);
        Lengths tally = new Lengths(Long.MAX_VALUE);
        RolloutJob<ArrayList<long[]>> job = new RolloutJob<>(task, THETA, 4, episodes, tally);
        assertEquals(8, job.chunkSize());
        List<long[]> streamed = new ArrayList<>();
        AtomicInteger handed = new AtomicInteger();
        int window = Rollouts.STREAM_WINDOW_PER_THREAD * threads;
        new Rollouts(threads).stream(job, (chunk, lengths) -> {
            assertEquals(handed.getAndIncrement(), chunk);
            assertEquals(job.chunkLength(chunk), lengths.size());
            // chunks 0..chunk are taken; at most `window` more may have begun
            assertTrue(tally.begun.get() <= chunk + 1 + window, tally.begun.get() + " chunks begun at chunk " + chunk);
            streamed.addAll(lengths);
            try {
                Thread.sleep(1);  // a slow consumer: unbounded threads would run far ahead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null);
        assertEquals(job.chunks(), handed.get());
        assertEquals(episodes, streamed.size());
        for (int i = 0; i < episodes; i++) {
            assertEquals(i, streamed.get(i)[0]);
            assertEquals(whole.get(i)[1], streamed.get(i)[1], "episode " + i);
        }
    }

    @Test
    void theEarliestFailingChunkEndsTheStreamOnAnyThreadCount() throws Exception {
        SourceTask task = cartPole();
        for (int threads : new int[] {1, 2, 3}) {
            for (int repeat = 0; repeat < 5; repeat++) {
                RolloutJob<ArrayList<long[]>> job = new RolloutJob<>(task, THETA, 4, 1000, new Lengths(100));
                List<Integer> chunks = new ArrayList<>();
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> new Rollouts(threads).stream(job, (chunk, lengths) -> chunks.add(chunk), null));
                assertEquals("episode 100 failed", e.getMessage(), threads + " threads");
                // every chunk before the failing one (12: episodes 96..103) was handed over
                assertEquals(12, chunks.size(), threads + " threads");
            }
        }
    }

    @Test
    void aSinkThatFailsStopsThePlaying() throws Exception {
        SourceTask task = cartPole();
        int threads = 2;
        Lengths tally = new Lengths(Long.MAX_VALUE);
        RolloutJob<ArrayList<long[]>> job = new RolloutJob<>(task, THETA, 4, 100_000, tally);
        IOException e = assertThrows(IOException.class, () -> new Rollouts(threads).stream(job, (chunk, lengths) -> {
            if (chunk == 3) throw new IOException("no space left on device");
        }, null));
        assertEquals("no space left on device", e.getMessage());
        int begun = tally.begun.get();
        assertTrue(begun <= 4 + Rollouts.STREAM_WINDOW_PER_THREAD * threads, begun + " chunks begun");
        Thread.sleep(50);
        assertEquals(begun, tally.begun.get(), "no chunk begins after the stream has ended");
    }
}
