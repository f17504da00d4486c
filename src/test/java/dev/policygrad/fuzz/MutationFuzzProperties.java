package dev.policygrad.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * A few thousand mutated programs per run (fixed seed), each through parse, check, eval, score,
 * derive and a one-point check: each must succeed or fail with a located PolicygradException,
 * within {@link #SECONDS} seconds. {@code fuzz/run N} runs the same mutations for N inputs.
 */
class MutationFuzzProperties {

    static final int SECONDS = 20;
    static final Mutations MUTATIONS = Mutations.fromProject(Path.of(""));
    static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "fuzz", 64L << 20);
        t.setDaemon(true);
        return t;
    });

    @Property(tries = 2000, seed = "20261130")
    void everyMutatedProgramSucceedsOrFailsWithALocatedError(@ForAll long seed) throws Exception {
        String program = MUTATIONS.program(seed);
        Future<?> done = POOL.submit(() -> Mutations.run(program));
        try {
            done.get(SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            fail("more than " + SECONDS + " s on:\n" + program);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("not a PolicygradException on:\n" + program, e.getCause());
        }
    }

    @AfterContainer
    static void stop() {
        POOL.shutdownNow();
    }
}
