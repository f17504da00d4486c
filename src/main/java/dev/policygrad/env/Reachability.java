package dev.policygrad.env;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Graph searches over a {@link FiniteMdp}'s transitions with positive probability, restricted to the
 * actions a policy can take: all of them, or those with pi(a | s) &gt; 0, told by {@code possible[s][a]}
 * (from log pi &gt; -Infinity, as a probability such as e^-760 is positive although its double is 0).
 */
public final class Reachability {

    private Reachability() {}

    /**
     * The states reachable from the start distribution's support, following the actions that
     * {@code possible[s][a]} allows (every action when it is null).
     */
    public static boolean[] reachable(FiniteMdp mdp, boolean[][] possible) {
        boolean[] seen = new boolean[mdp.stateCount()];
        Deque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < mdp.stateCount(); s++) {
            if (mdp.startProbability(s) > 0) {
                seen[s] = true;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            if (mdp.isTerminal(s)) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                if (possible != null && !possible[s][a]) continue;
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    int next = mdp.nextState(s, a, k);
                    if (!seen[next]) {
                        seen[next] = true;
                        queue.add(next);
                    }
                }
            }
        }
        return seen;
    }

    /** The states from which some terminal state can be reached under the allowed actions. */
    public static boolean[] canTerminate(FiniteMdp mdp, boolean[][] possible) {
        boolean[] done = new boolean[mdp.stateCount()];
        for (int s = mdp.nonTerminalCount(); s < done.length; s++) done[s] = true;
        return closeBackwards(mdp, possible, done);
    }

    /**
     * The states from which an episode ends with probability 1 under the allowed actions: terminal
     * states, and non-terminal ones from which no state is reachable that cannot reach a terminal one.
     * Under a policy that takes every allowed action with positive probability, these are the states
     * whose value is finite with gamma = 1 and no horizon.
     */
    public static boolean[] endsSurely(FiniteMdp mdp, boolean[][] possible) {
        boolean[] exits = canTerminate(mdp, possible);
        boolean[] doomed = new boolean[mdp.stateCount()];
        for (int s = 0; s < mdp.nonTerminalCount(); s++) doomed[s] = !exits[s];
        closeBackwards(mdp, possible, doomed);
        boolean[] ends = new boolean[mdp.stateCount()];
        for (int s = 0; s < ends.length; s++) ends[s] = !doomed[s];
        return ends;
    }

    /**
     * Marks, until nothing changes, every non-terminal state with an allowed action that has an outcome
     * in a marked state (the states that can reach the marked ones); returns {@code marked}.
     */
    private static boolean[] closeBackwards(FiniteMdp mdp, boolean[][] possible, boolean[] marked) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int s = 0; s < mdp.nonTerminalCount(); s++) {
                if (marked[s]) continue;
                search:
                for (int a = 0; a < mdp.actionCount(); a++) {
                    if (possible != null && !possible[s][a]) continue;
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        if (marked[mdp.nextState(s, a, k)]) {
                            marked[s] = true;
                            changed = true;
                            break search;
                        }
                    }
                }
            }
        }
        return marked;
    }

    /**
     * The first state reachable from the start from which no terminal state can be reached, or -1.
     * Under a policy that takes every allowed action with positive probability, such a state makes
     * the episode endless with positive probability, so with gamma = 1 and no horizon J is not finite.
     */
    public static int stuckState(FiniteMdp mdp, boolean[][] possible) {
        boolean[] reached = reachable(mdp, possible);
        boolean[] exits = canTerminate(mdp, possible);
        for (int s = 0; s < mdp.stateCount(); s++) if (reached[s] && !exits[s]) return s;
        return -1;
    }
}
