package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutJob;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Task;
import dev.policygrad.rollout.Worker;
import java.util.function.BiConsumer;

/** Test helper: visits every episode of a batch as the rollout engine plays it. */
final class EachEpisode {

    private EachEpisode() {}

    static void visit(Policy policy, Environment environment, double[] theta, long seed, int episodes, int threads,
            BiConsumer<Integer, Worker> visitor) {
        Tally<Boolean> tally = new Tally<>() {
            @Override
            public Boolean start() {
                return Boolean.TRUE;
            }

            @Override
            public void add(long index, Worker worker, Boolean unused) {
                visitor.accept((int) index, worker);
            }

            @Override
            public Boolean merge(Boolean total, Boolean next) {
                return total;
            }
        };
        new Rollouts(threads).run(new RolloutJob<>(Task.of(policy, environment), theta, seed, episodes, tally), null);
    }
}
