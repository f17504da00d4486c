package dev.policygrad.estimate;

import dev.policygrad.env.FiniteMdp;

/**
 * Which states of a finite MDP an episode passed through, recovered from what it records: s_0 must be
 * a possible start, each s_{t+1} a possible outcome of (s_t, a_t) that can pay r_{t+1}, each state's
 * observation the recorded one, no state before the last terminal, and the last terminal exactly when
 * the episode says it terminated (within the horizon). {@link #path} gives the states when exactly one
 * path fits; {@link #why} says why none or more than one does.
 */
final class MdpStates {

    private MdpStates() {}

    /** The state indices s_0 .. s_T, or null when no path or more than one fits. */
    static int[] path(FiniteMdp mdp, EpisodeRecord episode) {
        Search search = new Search(mdp, episode);
        return search.total == 1 ? search.unique() : null;
    }

    /**
     * Why {@link #path} gives null: where the first step no path fits is, or that several paths fit (the
     * observations do not tell the states apart, so the file must name them); null when one path fits.
     */
    static String why(FiniteMdp mdp, EpisodeRecord episode) {
        Search search = new Search(mdp, episode);
        if (search.total == 1) return null;
        if (search.total > 1) {
            return "more than one path of mdp " + mdp.name() + " fits these states, actions and rewards (the "
                    + "observations do not tell its states apart): give the states as \"state_names\"";
        }
        return "no path of mdp " + mdp.name() + " fits these states, actions and rewards" + search.failure;
    }

    /** Paths counted forward (saturating at 2) over the states consistent with every step so far. */
    private static final class Search {
        final FiniteMdp mdp;
        final EpisodeRecord episode;
        final int n;
        /** count[t][s]: paths s_0 .. s_t = s fitting the first t steps, at most 2. */
        final int[][] count;
        int total;
        String failure = "";

        Search(FiniteMdp mdp, EpisodeRecord episode) {
            this.mdp = mdp;
            this.episode = episode;
            n = mdp.stateCount();
            int length = episode.length();
            count = new int[length + 1][n];
            if (length > mdp.horizon()) {
                failure = " (" + length + " steps, but its horizon is " + mdp.horizon() + ")";
                return;
            }
            boolean any = false;
            for (int s = 0; s < n; s++) {
                if (mdp.startProbability(s) > 0 && observes(mdp, s, episode, 0)) {
                    count[0][s] = 1;
                    any = true;
                }
            }
            if (!any) {
                failure = " (no possible start has the observation states[0])";
                return;
            }
            for (int t = 0; t < length; t++) {
                any = false;
                for (int s = 0; s < n; s++) {
                    if (count[t][s] == 0) continue;
                    for (int next = 0; next < n; next++) {
                        if (fits(mdp, episode, t, s, next)) {
                            count[t + 1][next] = Math.min(2, count[t + 1][next] + count[t][s]);
                            any = true;
                        }
                    }
                }
                if (!any) {
                    failure = " (at step " + t + ")";
                    return;
                }
            }
            for (int s = 0; s < n; s++) {
                if (count[length][s] > 0 && mdp.isTerminal(s) == episode.terminated()) {
                    total = Math.min(2, total + count[length][s]);
                }
            }
            if (total == 0) {
                failure = episode.terminated()
                        ? " (\"terminated\" is true, but no path ends in a terminal state)"
                        : " (\"terminated\" is false, but every path ends in a terminal state)";
            }
        }

        int[] unique() {
            int length = episode.length();
            int[] states = new int[length + 1];
            for (int s = 0; s < n; s++) {
                if (count[length][s] > 0 && mdp.isTerminal(s) == episode.terminated()) states[length] = s;
            }
            for (int t = length - 1; t >= 0; t--) {
                for (int s = 0; s < n; s++) {
                    if (count[t][s] > 0 && fits(mdp, episode, t, s, states[t + 1])) states[t] = s;
                }
            }
            return states;
        }
    }

    /** Whether step t can go from s to next: s not terminal, a_t an action, an outcome to next paying r_{t+1}. */
    private static boolean fits(FiniteMdp mdp, EpisodeRecord episode, int t, int s, int next) {
        int a = (int) episode.actions()[t];
        if (mdp.isTerminal(s) || a < 0 || a >= mdp.actionCount() || a != episode.actions()[t]) return false;
        if (!observes(mdp, next, episode, t + 1)) return false;
        for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
            if (mdp.nextState(s, a, k) == next && mdp.transitionProbability(s, a, k) > 0
                    && mdp.rewardPossible(s, a, k, episode.rewards()[t])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why no path fits, as "step t: ..." (the first step where the episode leaves the MDP), or null
     * when one does.
     */
    static String mismatch(FiniteMdp mdp, EpisodeRecord episode, int[] givenStates) {
        int length = episode.length();
        if (length > mdp.horizon()) return length + " steps, but the horizon of mdp " + mdp.name() + " is " + mdp.horizon();
        for (int t = 0; t <= length; t++) {
            int s = givenStates[t];
            if (!observes(mdp, s, episode, t)) {
                return "states[" + t + "] is not the observation of state " + mdp.stateName(s);
            }
            if (t == 0 && mdp.startProbability(s) == 0) return "the episode cannot start in " + mdp.stateName(s);
            if (t == length) break;
            int a = (int) episode.actions()[t];
            if (mdp.isTerminal(s)) return "step " + t + " acts in the terminal state " + mdp.stateName(s);
            boolean possible = false;
            boolean pays = false;
            double reward = mdp.reward(s, a);
            for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                if (mdp.nextState(s, a, k) == givenStates[t + 1] && mdp.transitionProbability(s, a, k) > 0) {
                    possible = true;
                    reward = mdp.outcomeReward(s, a, k);
                    pays |= mdp.rewardPossible(s, a, k, episode.rewards()[t]);
                }
            }
            if (!possible) {
                return "step " + t + ": " + mdp.stateName(s) + " " + mdp.actions().label(a) + " cannot lead to "
                        + mdp.stateName(givenStates[t + 1]);
            }
            if (!pays) {
                return "rewards[" + t + "] is " + episode.rewards()[t] + ", but " + mdp.stateName(s) + " "
                        + mdp.actions().label(a) + " gives " + reward
                        + (mdp.rewardsVary() ? " (on average) when it leads to " + mdp.stateName(givenStates[t + 1]) : "");
            }
        }
        int last = givenStates[length];
        if (episode.terminated() && !mdp.isTerminal(last)) {
            return "\"terminated\" is true, but the episode ends in " + mdp.stateName(last) + ", which is not terminal";
        }
        if (!episode.terminated() && mdp.isTerminal(last)) {
            return "\"terminated\" is false, but the episode ends in the terminal state " + mdp.stateName(last);
        }
        return null;
    }

    private static boolean observes(FiniteMdp mdp, int state, EpisodeRecord episode, int t) {
        double[] expected = mdp.observation(state);
        int d = episode.observationSize();
        if (expected.length != d) return false;
        for (int j = 0; j < d; j++) {
            if (expected[j] != episode.observations()[t * d + j]) return false;
        }
        return true;
    }
}
