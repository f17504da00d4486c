package dev.policygrad.rollout;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Merges chunk results in chunk order as they arrive in any order: a result waits only until every
 * earlier chunk has arrived, then joins the running total. The results held at once are those that
 * finished ahead of a slower earlier chunk, about as many as there are workers.
 */
final class OrderedMerge<A extends Serializable> {

    private final Tally<A> tally;
    private final Map<Integer, A> waiting = new HashMap<>();
    private int next;
    private A total;

    OrderedMerge(Tally<A> tally) {
        this.tally = tally;
    }

    synchronized void accept(int chunk, A result) {
        waiting.put(chunk, result);
        A ready;
        while ((ready = waiting.remove(next)) != null) {
            total = total == null ? ready : tally.merge(total, ready);
            next++;
        }
    }

    /** The total of all chunks; fails if some chunk is missing. */
    synchronized A result(int chunks) {
        if (next != chunks) throw new IllegalStateException("merged " + next + " of " + chunks + " chunks");
        return total;
    }
}
