package dev.policygrad.objective;

import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.Episode;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Worker;

/**
 * Replays a job's episodes to find where one overflowed: the first state, real action, reward or return
 * that is not finite is the located error of {@link Objectives#overflowed} ("the reward at step 16 of
 * episode 0 is -Infinity on the task 'blow'"), as {@code simulate} and {@code sample} give it. For
 * commands that see only a statistic that is not finite (a mean, a standard error) and want to say why.
 */
public final class FiniteEpisodes implements Tally<Boolean> {

    private static final long serialVersionUID = 1L;

    /**
     * Throws the located error for the first of {@code episodes} episodes from {@code seed} at theta that
     * overflows; returns when none does (the statistic overflowed on its own).
     */
    public static void locate(Task task, RolloutEngine engine, double[] theta, long seed, int episodes) {
        if (episodes < 1) return;
        engine.run(new RolloutJob<>(task, theta, seed, episodes, new FiniteEpisodes()), null);
    }

    @Override
    public boolean readsScores() {
        return false;
    }

    @Override
    public Boolean start() {
        return Boolean.TRUE;
    }

    @Override
    public void add(long index, Worker worker, Boolean accumulator) {
        Episode e = worker.episode;
        Policy policy = worker.evaluator.policy();
        Objectives.requireFiniteEpisode(Math.toIntExact(index), e.length(), e.observations(), e.observationSize(),
                e.actions(), e.actionSize(), !policy.actions().isDiscrete(), e.rewards(), null, worker.environment(),
                policy);
    }

    @Override
    public Boolean merge(Boolean total, Boolean next) {
        return total;
    }
}
