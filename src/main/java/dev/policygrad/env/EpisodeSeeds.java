package dev.policygrad.env;

import java.util.SplittableRandom;

/**
 * The random stream of episode {@code index} of a run seeded with {@code seed}. Each episode's
 * stream depends only on (seed, index), never on which thread runs it or in what order, so results
 * are the same on any number of threads; re-running an episode with another theta replays the same
 * draws (common random numbers).
 */
public final class EpisodeSeeds {

    private EpisodeSeeds() {}

    public static SplittableRandom random(long seed, long index) {
        return new SplittableRandom(mix(mix(seed) + index * 0x9E3779B97F4A7C15L));
    }

    /** The finalizer of MurmurHash3: spreads nearby inputs over all 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
