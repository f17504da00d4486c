package dev.policygrad.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EpisodeSampler;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.objective.MonteCarloObjective;
import dev.policygrad.objective.ObjectiveResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same job gives the same bits on local threads (1 and 3) and on Spark (local[2]):
 * chunks are cut by the job, filled in episode order and merged in chunk order everywhere.
 */
class EnginesTest {

    private static SourceTask cartPole() throws Exception {
        return new SourceTask(List.of(
                new SourceTask.SourceFile("env.pg", Files.readString(Path.of("examples/cartpole/env.pg"))),
                new SourceTask.SourceFile("policy.pg",
                        Files.readString(Path.of("examples/cartpole/linear/policy.pg")))), null);
    }

    private static final double[] THETA = {0.1, 0, -0.5, -0.3, 0, 0.2, 0.4, 0.3, 0, 0};

    @Test
    void chunksDependOnTheJobOnly() {
        Task task = Task.of(null, null);
        assertEquals(64, new RolloutJob<>(task, THETA, 1, 10, new Count()).chunkSize());
        assertEquals(4096, new RolloutJob<>(task, THETA, 1, 1_000_000, new Count()).chunkSize());
        assertEquals(65_536, new RolloutJob<>(task, THETA, 1, 1_000_000_000, new Count()).chunkSize());
        assertEquals(15_259, new RolloutJob<>(task, THETA, 1, 1_000_000_000, new Count()).chunks());
        // a tally keeping a line per episode asks for small chunks, whatever the count
        Tally<java.util.ArrayList<String>> lines = new dev.policygrad.estimate.EpisodeLines();
        assertEquals(8, new RolloutJob<>(task, THETA, 1, 10, lines).chunkSize());
        assertEquals(8, new RolloutJob<>(task, THETA, 1, Integer.MAX_VALUE, lines).chunkSize());
        assertEquals(268_435_456, new RolloutJob<>(task, THETA, 1, Integer.MAX_VALUE, lines).chunks());
    }

    @Test
    void localThreadsAndSparkGiveIdenticalBits() throws Exception {
        SourceTask task = cartPole();
        Estimator estimator = new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.VALUE);
        Batch batch = new Batch(600, 7, 1);
        Estimate one = estimator.estimate(task, THETA, batch, new Rollouts(1), null);
        Estimate three = estimator.estimate(task, THETA, batch, new Rollouts(3), null);
        ObjectiveResult j = new MonteCarloObjective(task, new Rollouts(2)).evaluate(THETA, 300, 3);
        assertEquals(one.statistics(), three.statistics());
        // local[1] and a standalone cluster are compared with local threads in .ci/spark-cluster-test
        for (String master : new String[] {"local[2]"}) {
            try (RolloutEngine spark = Engines.spark(master)) {
                Estimate onSpark = estimator.estimate(task, THETA, batch, spark, null);
                assertEquals(one.statistics(), onSpark.statistics(), master);
                assertArrayEquals(one.covariance()[2], onSpark.covariance()[2], master);
                ObjectiveResult jOnSpark = new MonteCarloObjective(task, spark).evaluate(THETA, 300, 3);
                assertEquals(j.J(), jOnSpark.J(), master);
                assertArrayEquals(j.gradient(), jOnSpark.gradient(), master);
                // sample's episode lines: Spark writes what the sampler writes on one local thread
                List<String> lines = EpisodeSampler.lines(task.policy(), task.environment(), task, THETA, 5, 150, spark);
                assertEquals(sampledLines(task, 5, 150), lines, master);
                // and streamed a batch of chunks at a time, the same lines in the same order
                List<String> streamed = new java.util.ArrayList<>();
                EpisodeSampler.stream(task.policy(), task.environment(), task, THETA, 5, 1500, spark,
                        (chunk, chunkLines) -> streamed.addAll(chunkLines));
                assertEquals(sampledLines(task, 5, 1500), streamed, master);
                // a job failing on several chunks fails with the first, whichever task fails first in time
                FirstFailureTest.assertFirstFailureReported(spark, task, THETA);
                // a task built in memory cannot be shipped, and says so
                Task inMemory = Task.of(task.policy(), task.environment());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> spark.run(new RolloutJob<>(inMemory, THETA, 1, 10, new Count()), null));
                assertTrue(e.getMessage().contains("cannot be shipped"), e.getMessage());
            }
        }
        assertTrue(one.episodes() == 600 && one.steps() > 600);
    }

    /** The episode-file lines of {@link EpisodeSampler#sample}, the reference the engine's lines must match. */
    private static List<String> sampledLines(SourceTask task, long seed, int episodes) {
        EpisodeFile file = new EpisodeFile(task.policy(), task.environment(), THETA);
        return EpisodeSampler.sample(task.policy(), task.environment(), THETA, new Batch(episodes, seed, 1)).stream()
                .map(e -> file.line(e)).toList();
    }

    @Test
    void sampledLinesAreTheSamplersEpisodesOnAnyThreadCount() throws Exception {
        SourceTask task = cartPole();
        List<String> reference = sampledLines(task, 9, 200);
        for (int threads : new int[] {1, 3}) {
            assertEquals(reference, EpisodeSampler.lines(task.policy(), task.environment(), task, THETA, 9, 200,
                    new Rollouts(threads)), threads + " thread(s)");
            List<String> streamed = new java.util.ArrayList<>();
            EpisodeSampler.stream(task.policy(), task.environment(), task, THETA, 9, 200, new Rollouts(threads),
                    (chunk, lines) -> streamed.addAll(lines));
            assertEquals(reference, streamed, threads + " thread(s), streamed");
        }
    }

    /** Counts episodes. */
    /**
     * A tally that reads no scores makes the engine skip the backward sweeps; the episodes must be the
     * same draws (actions, rewards, lengths) as when scores are kept, and the scored ones must carry scores.
     */
    @Test
    void skippingScoresPlaysTheSameEpisodes() throws Exception {
        SourceTask task = cartPole();
        List<String> scored = new Rollouts(1).run(new RolloutJob<>(task, THETA, 11, 200, new Fingerprints(true)), null);
        List<String> unscored = new Rollouts(2).run(new RolloutJob<>(task, THETA, 11, 200, new Fingerprints(false)), null);
        assertEquals(200, scored.size());
        assertEquals(scored, unscored);
    }

    /** Each episode's actions, rewards and last observation as text; checks the scores are kept iff read. */
    record Fingerprints(boolean reads) implements Tally<java.util.ArrayList<String>> {
        @Override
        public java.util.ArrayList<String> start() {
            return new java.util.ArrayList<>();
        }

        @Override
        public void add(long index, Worker worker, java.util.ArrayList<String> out) {
            Episode e = worker.episode;
            assertEquals(reads, e.scored(), "scores kept exactly when the tally reads them");
            int t = e.length(), d = e.observationSize();
            out.add(t + " " + java.util.Arrays.toString(java.util.Arrays.copyOf(e.actions(), t))
                    + java.util.Arrays.toString(java.util.Arrays.copyOfRange(e.observations(), t * d, t * d + d)));
        }

        @Override
        public boolean readsScores() {
            return reads;
        }

        @Override
        public java.util.ArrayList<String> merge(java.util.ArrayList<String> total, java.util.ArrayList<String> next) {
            total.addAll(next);
            return total;
        }
    }

    static final class Count implements Tally<long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] start() {
            return new long[1];
        }

        @Override
        public void add(long index, Worker worker, long[] count) {
            count[0]++;
        }

        @Override
        public long[] merge(long[] total, long[] next) {
            total[0] += next[0];
            return total;
        }
    }
}
