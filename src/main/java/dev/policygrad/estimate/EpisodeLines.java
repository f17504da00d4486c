package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Worker;
import java.util.ArrayList;

/**
 * Sampled episodes as the JSON lines of an episode file ({@link EpisodeFile#line}), one per episode in
 * index order, so that {@code sample} runs on any rollout engine (local threads or Spark) and writes
 * the same bytes. Unlike the statistics tallies it keeps a line per episode: the lines are the output,
 * so its chunks are small ({@value #CHUNK} episodes) and {@code sample} streams them to the file
 * ({@link dev.policygrad.rollout.RolloutEngine#stream}), holding a few at a time: an episode's line
 * can reach megabytes (100,000 steps).
 */
public final class EpisodeLines implements Tally<ArrayList<String>> {

    private static final long serialVersionUID = 1L;

    @Override
    public ArrayList<String> start() {
        return new ArrayList<>();
    }

    @Override
    public void add(long index, Worker worker, ArrayList<String> lines) {
        Environment environment = worker.environment();
        EpisodeRecord episode = EpisodeRecord.of(Math.toIntExact(index), worker.episode, worker.evaluator,
                worker.theta(), environment.gamma());
        if (environment instanceof FiniteMdp mdp) {
            int[] states = MdpStates.path(mdp, episode);
            if (states == null) states = worker.mdpStates(index);  // the observations do not tell the states apart
            if (states != null && states.length == episode.length() + 1) episode = EpisodeSampler.withStates(episode, states);
        }
        lines.add(new EpisodeFile(worker.evaluator.policy(), environment, worker.theta()).line(episode));
    }

    /** Episodes per chunk. */
    static final int CHUNK = 8;

    /** A line per episode is kept: small chunks, so that a streamed job holds little at once. */
    @Override
    public int largestChunk() {
        return CHUNK;
    }

    @Override
    public ArrayList<String> merge(ArrayList<String> total, ArrayList<String> next) {
        total.addAll(next);
        return total;
    }
}
