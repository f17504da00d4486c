package dev.policygrad.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finite MDP as explicit tables, for code outside policygrad to rebuild the same problem: states
 * (non-terminal first, as indexed here), actions, the start distribution, every transition, the
 * observation vector of every state, gamma and the horizon. A JSON-ready map (fields in that order).
 *
 * <p>A transition (s, a) holds {@code reward}, the expected reward R(s, a) = sum_k P(s'_k | s, a) r_k
 * (all that J depends on), {@code next}, the probability of each next state, and {@code outcomes}, the
 * same next states each with its own {@code probability} and {@code reward}: an outcome may pay its
 * own reward ({@code G: 0.8 reward 10}) in place of the line's, and a reward drawn at random gives its
 * mean as {@code reward} and the distribution as {@code reward_distribution}
 * ({@code {"kind": "normal", "mean": m, "std": s}}, {@code {"kind": "uniform", "low": l, "high": h}} or
 * {@code {"kind": "discrete", "values": [...], "probabilities": [...]}}).
 */
public final class MdpExport {

    private MdpExport() {}

    public static Map<String, Object> tables(FiniteMdp mdp) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", mdp.name());
        List<String> states = new ArrayList<>();
        List<String> terminal = new ArrayList<>();
        for (int s = 0; s < mdp.stateCount(); s++) {
            states.add(mdp.stateName(s));
            if (mdp.isTerminal(s)) terminal.add(mdp.stateName(s));
        }
        out.put("states", states);
        out.put("terminal", terminal);
        out.put("actions", mdp.actions().labels());
        out.put("gamma", mdp.gamma());
        out.put("horizon", mdp.hasHorizon() ? mdp.horizon() : null);
        Map<String, Object> start = new LinkedHashMap<>();
        for (int s = 0; s < mdp.stateCount(); s++) {
            if (mdp.startProbability(s) > 0) start.put(mdp.stateName(s), mdp.startProbability(s));
        }
        out.put("start", start);
        Map<String, Object> observations = new LinkedHashMap<>();
        for (int s = 0; s < mdp.stateCount(); s++) observations.put(mdp.stateName(s), mdp.observation(s));
        out.put("observations", observations);
        List<Object> transitions = new ArrayList<>();
        for (int s = 0; s < mdp.stateCount(); s++) {
            if (mdp.isTerminal(s)) continue;
            for (int a = 0; a < mdp.actionCount(); a++) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("state", mdp.stateName(s));
                t.put("action", mdp.actions().label(a));
                t.put("reward", mdp.reward(s, a));
                Map<String, Object> next = new LinkedHashMap<>();
                List<Object> outcomes = new ArrayList<>();
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    String name = mdp.stateName(mdp.nextState(s, a, k));
                    double p = mdp.transitionProbability(s, a, k);
                    next.merge(name, p, (x, y) -> (Double) x + (Double) y);
                    Map<String, Object> outcome = new LinkedHashMap<>();
                    outcome.put("state", name);
                    outcome.put("probability", p);
                    outcome.put("reward", mdp.outcomeReward(s, a, k));
                    RewardDistribution drawn = mdp.outcomeRewardDistribution(s, a, k);
                    if (drawn.random()) outcome.put("reward_distribution", distribution(drawn));
                    outcomes.add(outcome);
                }
                t.put("next", next);
                t.put("outcomes", outcomes);
                transitions.add(t);
            }
        }
        out.put("transitions", transitions);
        return out;
    }

    private static Map<String, Object> distribution(RewardDistribution reward) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (reward instanceof RewardDistribution.Normal n) {
            out.put("kind", "normal");
            out.put("mean", n.mean());
            out.put("std", n.std());
        } else if (reward instanceof RewardDistribution.Uniform u) {
            out.put("kind", "uniform");
            out.put("low", u.low());
            out.put("high", u.high());
        } else if (reward instanceof RewardDistribution.Discrete d) {
            out.put("kind", "discrete");
            out.put("values", d.values().clone());
            out.put("probabilities", d.probabilities().clone());
        } else {
            throw new IllegalStateException("a fixed reward has no distribution: " + reward);
        }
        return out;
    }
}
