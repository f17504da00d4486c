package dev.policygrad.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finite MDP as explicit tables, for code outside policygrad to rebuild the same problem: states
 * (non-terminal first, as indexed here), actions, the start distribution, every transition with its
 * probability and reward, the observation vector of every state, gamma and the horizon. A JSON-ready
 * map (fields in that order).
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
                for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                    String name = mdp.stateName(mdp.nextState(s, a, k));
                    double p = mdp.transitionProbability(s, a, k);
                    next.merge(name, p, (x, y) -> (Double) x + (Double) y);
                }
                t.put("next", next);
                transitions.add(t);
            }
        }
        out.put("transitions", transitions);
        return out;
    }
}
