package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.objective.MonteCarloObjective;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What progress bars are told: counts that reach the announced total exactly when the work ends,
 * never before, so a bar does not sit at 100% while work goes on (the Monte Carlo reference of verify
 * included).
 */
class ProgressCountsTest {

    private static final String TASK = """
            state s
            action a : real
            param k = 0.3
            param log_std = -0.5
            policy pi(a | s) = normal(mean = -k * s, std = exp(log_std))
            env drift {
              horizon 5
              start = uniform(-1, 1)
              next = s + 0.1 * a
              reward = -s ^ 2
            }
            """;

    @Test
    void objectiveCountsEveryEpisodeOnce() {
        Workspace w = PolicyGrad.parse(TASK);
        List<Long> told = new CopyOnWriteArrayList<>();
        w.objective(500, told::add);
        long total = MonteCarloObjective.episodesToPlay(2, 500);
        assertEquals(2500, total);
        assertEquals(total, told.stream().mapToLong(Long::longValue).max().getAsLong());
        assertEquals(1, told.stream().filter(t -> t == total).count(), "the total is reached once, at the end");
    }

    @Test
    void verifyCountsTheReferenceToo() {
        Workspace w = PolicyGrad.parse(TASK);
        VerificationSettings settings = VerificationSettings.defaults().withEpisodes(600);
        // the estimator's episodes (the proven estimator it is paired with runs on the same ones); the sampled
        // reference says in its method line how many it took
        long total = 600;
        List<Long> told = new CopyOnWriteArrayList<>();
        w.verify(settings, told::add);
        assertEquals(total, told.stream().mapToLong(Long::longValue).max().getAsLong());
        assertEquals(1, told.stream().filter(t -> t == total).count());
    }

    @Test
    void checkCountsEachPointWhenItsLastMethodRuns() {
        Workspace w = PolicyGrad.parse(TASK);
        List<Long> told = new CopyOnWriteArrayList<>();
        w.check(7, told::add);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 7L), told);
    }
}
