package dev.policygrad.estimate;

import dev.policygrad.env.FiniteMdp;
import java.util.ArrayList;
import java.util.List;

/**
 * Which states of a finite MDP an episode passed through, recovered from what it records: s_0 must be
 * a possible start, each s_{t+1} a possible outcome of (s_t, a_t) whose reward is r_{t+1}, and each
 * state's observation the recorded one. {@link #path} gives the states when exactly one path fits.
 */
final class MdpStates {

    private MdpStates() {}

    /** The state indices s_0 .. s_T, or null when no path or more than one fits. */
    static int[] path(FiniteMdp mdp, EpisodeRecord episode) {
        List<Integer> current = new ArrayList<>();
        for (int s = 0; s < mdp.stateCount(); s++) {
            if (mdp.startProbability(s) > 0 && observes(mdp, s, episode, 0)) current.add(s);
        }
        if (current.size() != 1) return null;
        int[] states = new int[episode.length() + 1];
        states[0] = current.get(0);
        for (int t = 0; t < episode.length(); t++) {
            int s = states[t];
            int a = (int) episode.actions()[t];
            if (mdp.isTerminal(s) || a < 0 || a >= mdp.actionCount() || a != episode.actions()[t]) return null;
            if (Math.abs(mdp.reward(s, a) - episode.rewards()[t]) > 1e-12 * Math.max(1, Math.abs(mdp.reward(s, a)))) {
                return null;
            }
            int found = -1;
            for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                int next = mdp.nextState(s, a, k);
                if (mdp.transitionProbability(s, a, k) > 0 && observes(mdp, next, episode, t + 1)) {
                    if (found >= 0 && found != next) return null;
                    found = next;
                }
            }
            if (found < 0) return null;
            states[t + 1] = found;
        }
        return states;
    }

    /**
     * Why no path fits, as "step t: ..." (the first step where the episode leaves the MDP), or null
     * when one does.
     */
    static String mismatch(FiniteMdp mdp, EpisodeRecord episode, int[] givenStates) {
        for (int t = 0; t <= episode.length(); t++) {
            int s = givenStates[t];
            if (!observes(mdp, s, episode, t)) {
                return "states[" + t + "] is not the observation of state " + mdp.stateName(s);
            }
            if (t == 0 && mdp.startProbability(s) == 0) return "the episode cannot start in " + mdp.stateName(s);
            if (t == episode.length()) break;
            int a = (int) episode.actions()[t];
            if (mdp.isTerminal(s)) return "step " + t + " acts in the terminal state " + mdp.stateName(s);
            double reward = mdp.reward(s, a);
            if (Math.abs(reward - episode.rewards()[t]) > 1e-12 * Math.max(1, Math.abs(reward))) {
                return "rewards[" + t + "] is " + episode.rewards()[t] + ", but " + mdp.stateName(s) + " "
                        + mdp.actions().label(a) + " gives " + reward;
            }
            boolean possible = false;
            for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                possible |= mdp.nextState(s, a, k) == givenStates[t + 1] && mdp.transitionProbability(s, a, k) > 0;
            }
            if (!possible) {
                return "step " + t + ": " + mdp.stateName(s) + " " + mdp.actions().label(a) + " cannot lead to "
                        + mdp.stateName(givenStates[t + 1]);
            }
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
