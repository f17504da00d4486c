package dev.policygrad.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.EvalError;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job that fails on several episodes fails with the first of them, as one thread playing the batch in
 * order would, whichever thread fails first in time: an error names the same episode on any thread count.
 */
class FirstFailureTest {

    /** Released when the later chunk has failed; the earlier chunk waits for it before failing. */
    private static volatile CountDownLatch laterFailed;

    /**
     * Fails at the last episode of chunk 0 and at the first of chunk 1; chunk 0 fails only after chunk 1
     * has, so on two or more threads the later episode is the first failure in time.
     */
    private static final class FailsTwice implements Tally<long[]> {
        private static final long serialVersionUID = 1L;
        private final long chunkSize;

        FailsTwice(long chunkSize) {
            this.chunkSize = chunkSize;
        }

        @Override
        public long[] start() {
            return new long[1];
        }

        @Override
        public void add(long index, Worker worker, long[] count) {
            if (index == chunkSize) {
                laterFailed.countDown();
                throw new EvalError(null, "failed on episode " + index);
            }
            if (index == chunkSize - 1) {
                try {
                    laterFailed.await(30, TimeUnit.SECONDS);  // a bound against a hang, not a timing assertion
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new EvalError(null, "failed on episode " + index);
            }
            count[0]++;
        }

        @Override
        public long[] merge(long[] total, long[] next) {
            total[0] += next[0];
            return total;
        }
    }

    @Test
    void theFirstFailingEpisodeIsReportedWhicheverThreadFailsFirst() {
        Workspace corridor = PolicyGrad.load(Path.of("examples/short-corridor"));
        Task task = Task.of(corridor.policy(), corridor.task());
        for (int threads : new int[] {2, 3}) assertFirstFailureReported(new Rollouts(threads), task, corridor.theta());
    }

    /** On {@code engine} (two tasks at once at least), the job fails with chunk 0's error, though chunk 1 fails first. */
    static void assertFirstFailureReported(RolloutEngine engine, Task task, double[] theta) {
        int episodes = 1000;
        long chunkSize = new RolloutJob<>(task, theta, 1, episodes, new EnginesTest.Count()).chunkSize();
        laterFailed = new CountDownLatch(1);
        RolloutJob<long[]> job = new RolloutJob<>(task, theta, 1, episodes, new FailsTwice(chunkSize));
        EvalError e = assertThrows(EvalError.class, () -> engine.run(job, null));
        assertEquals("failed on episode " + (chunkSize - 1), e.getMessage(), engine.describe());
    }
}
