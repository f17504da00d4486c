package dev.policygrad.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code MutationFuzz N [FIRST_SEED] [SECONDS]}: runs {@link Mutations} for seeds FIRST_SEED ..
 * FIRST_SEED + N - 1, writing every finding (an exception that is not a PolicygradException, or a
 * run longer than SECONDS) to {@code target/fuzz/finding-SEED.pg} with its trace beside it, and a
 * count to standard output every 10,000 inputs.
 */
public final class MutationFuzz {

    private MutationFuzz() {}

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        long first = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Mutations mutations = Mutations.fromProject(Path.of(""));
        Path out = Files.createDirectories(Path.of("target", "fuzz"));
        ExecutorService pool = newPool();
        long findings = 0, timeouts = 0;
        long start = System.nanoTime();
        for (long seed = first; seed < first + n; seed++) {
            String program = mutations.program(seed);
            Future<?> done = pool.submit(() -> Mutations.run(program));
            String problem = null;
            try {
                done.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                done.cancel(true);
                pool.shutdownNow();
                pool = newPool();
                timeouts++;
                problem = "more than " + seconds + " s";
            } catch (java.util.concurrent.ExecutionException e) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.getCause().printStackTrace(new java.io.PrintWriter(trace));
                problem = trace.toString();
            }
            if (problem != null) {
                findings++;
                Files.writeString(out.resolve("finding-" + seed + ".pg"), program);
                Files.writeString(out.resolve("finding-" + seed + ".txt"), problem);
            }
            if ((seed - first + 1) % 10_000 == 0) {
                System.out.printf("%d inputs, %d findings (%d over time), %.0f s%n", seed - first + 1, findings, timeouts,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        System.out.printf("done: %d inputs, %d findings (%d over time), %.0f s%n", n, findings, timeouts,
                (System.nanoTime() - start) / 1e9);
        pool.shutdownNow();
        System.exit(findings == 0 ? 0 : 1);
    }

    private static ExecutorService newPool() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz", 64L << 20);
            t.setDaemon(true);
            return t;
        });
    }
}
