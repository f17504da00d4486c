package dev.policygrad.objective;

import dev.policygrad.rollout.Tally;
import dev.policygrad.stats.EpisodeStatistics;

/**
 * A tally of returns (and of differences of returns under another theta): it reads no per-step score, so
 * the engine skips every backward sweep, and its chunks' statistics merge by {@link EpisodeStatistics#merge}.
 */
interface ReturnTally extends Tally<EpisodeStatistics> {

    @Override
    default boolean readsScores() {
        return false;
    }

    @Override
    default EpisodeStatistics merge(EpisodeStatistics total, EpisodeStatistics next) {
        return total.merge(next);
    }
}
