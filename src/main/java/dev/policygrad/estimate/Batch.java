package dev.policygrad.estimate;

import dev.policygrad.diag.UsageError;

/**
 * How many episodes to play, from which seed, on how many threads. The results depend on
 * {@code episodes} and {@code seed} only, never on {@code threads}.
 */
public record Batch(int episodes, long seed, int threads) {

    public Batch {
        if (episodes < 2) throw new UsageError("a batch needs at least 2 episodes, got " + episodes);
        if (threads < 1) throw new UsageError("threads must be at least 1, got " + threads);
    }

    /** {@code episodes} from {@code seed} on every available core. */
    public static Batch of(int episodes, long seed) {
        return new Batch(episodes, seed, Runtime.getRuntime().availableProcessors());
    }
}
