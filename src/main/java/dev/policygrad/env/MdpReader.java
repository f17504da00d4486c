package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Decl.MdpItem;
import dev.policygrad.ast.Ident;
import dev.policygrad.ast.Span;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code mdp} block into a {@link FiniteMdp}, checking it against the policy: every name
 * is a state, every action is the policy's, every distribution sums to 1, every non-terminal state
 * has exactly one line per action, and J is finite. Errors point at the offending item.
 */
final class MdpReader {

    /** How far a distribution's total may stray from 1. */
    static final double PROBABILITY_TOLERANCE = 1e-9;

    private final Decl.MdpDecl decl;
    private final ActionSpace actions;
    private final Node.Input state;

    private double gamma = 1;
    private Span gammaSpan;
    private int horizon;
    private Span horizonSpan;
    private MdpItem.Start start;
    private final Map<String, Ident> terminals = new LinkedHashMap<>();
    private final Map<String, MdpItem.Observe> observes = new LinkedHashMap<>();
    private final Map<String, Ident> firstAppearance = new LinkedHashMap<>();
    private final Map<String, Map<Integer, MdpItem.Transition>> transitions = new LinkedHashMap<>();

    MdpReader(Decl.MdpDecl decl, ActionSpace actions, Node.Input state) {
        this.decl = decl;
        this.actions = actions;
        this.state = state;
    }

    FiniteMdp read() {
        if (actions == null || !actions.isDiscrete()) {
            throw new CheckError(decl.name().span(), "mdp '" + decl.name().text() + "' needs a policy with named actions, "
                    + "e.g. 'action a in {left, right}'" + (actions == null ? "" : "; the policy's action is real"));
        }
        for (MdpItem item : decl.items()) collect(item);
        if (start == null) {
            throw new CheckError(decl.name().span(), "mdp '" + decl.name().text() + "' has no start; add e.g. 'start "
                    + (firstAppearance.isEmpty() ? "S1" : firstAppearance.keySet().iterator().next()) + "'");
        }
        checkNames();
        List<String> names = new ArrayList<>();
        for (String s : firstAppearance.keySet()) if (!terminals.containsKey(s)) names.add(s);
        int nonTerminal = names.size();
        names.addAll(terminals.keySet());
        if (nonTerminal == 0) {
            throw new CheckError(decl.name().span(), "mdp '" + decl.name().text() + "' has no non-terminal state");
        }
        int n = names.size();
        int actionCount = actions.count();
        double[] mu0 = new double[n];
        distribution(start.distribution(), start.span(), names, mu0, "the start distribution");
        for (int s = nonTerminal; s < n; s++) {
            if (mu0[s] > 0) {
                throw new CheckError(start.span(), "the start distribution puts probability on the terminal state '"
                        + names.get(s) + "'; an episode would end before its first step");
            }
        }
        int[][][] next = new int[n][actionCount][];
        double[][][] probability = new double[n][actionCount][];
        double[][] reward = new double[n][actionCount];
        RewardDistribution[][][] outcomeReward = new RewardDistribution[n][actionCount][];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < actionCount; a++) {
                if (s >= nonTerminal) {
                    next[s][a] = new int[0];
                    probability[s][a] = new double[0];
                    outcomeReward[s][a] = new RewardDistribution[0];
                    continue;
                }
                MdpItem.Transition t = transitions.get(names.get(s)).get(a);
                if (t == null) {
                    throw new CheckError(firstLine(names.get(s)).span(), "state '" + names.get(s)
                            + "' has no transition for action '" + actions.label(a) + "'; every non-terminal state needs "
                            + "one line per action (" + actions.describe() + ")");
                }
                double[] row = new double[n];
                distribution(t.to(), t.span(), names, row, "the transition " + names.get(s) + " " + actions.label(a));
                int support = 0;
                for (double p : row) if (p > 0) support++;
                RewardDistribution[] rewardTo = rewardsByState(t, names);
                next[s][a] = new int[support];
                probability[s][a] = new double[support];
                outcomeReward[s][a] = new RewardDistribution[support];
                for (int k = 0, j = 0; j < n; j++) {
                    if (row[j] > 0) {
                        next[s][a][k] = j;
                        outcomeReward[s][a][k] = rewardTo[j];
                        probability[s][a][k++] = row[j];
                    }
                }
                reward[s][a] = expectedReward(probability[s][a], outcomeReward[s][a]);
            }
        }
        Observations.Result observed = Observations.of(decl, observes, names, nonTerminal, state, firstAppearance);
        FiniteMdp mdp = new FiniteMdp(decl.name().text(), names, nonTerminal, mu0, next, probability, reward,
                outcomeReward, gamma, horizon, observed.vectors(), observed.size(), actions);
        if (gamma == 1 && horizon == 0) checkFinite(mdp);
        return mdp;
    }

    /**
     * Each outcome's reward, indexed by next state: its own ({@code B: 0.8 reward 10}) or the
     * transition's trailing one; an error when an outcome has neither.
     */
    private static RewardDistribution[] rewardsByState(MdpItem.Transition t, List<String> names) {
        RewardDistribution[] byState = new RewardDistribution[names.size()];
        RewardDistribution shared = t.reward() == null ? null : RewardDistribution.of(t.reward());
        for (Decl.WeightedState w : t.to().outcomes()) {
            RewardDistribution own = w.reward() == null ? shared : RewardDistribution.of(w.reward());
            if (own == null && t.to().certain()) {
                throw new CheckError(t.span(), "the transition " + t.from().text() + " " + t.action().text()
                        + " has no reward; write '" + t.from().text() + " " + t.action().text() + " -> "
                        + w.state().text() + " reward R'");
            }
            if (own == null) {
                throw new CheckError(w.state().span(), "the outcome '" + w.state().text() + "' of " + t.from().text() + " "
                        + t.action().text() + " has no reward; write '" + w.state().text() + ": " + w.probability()
                        + " reward R' or a reward for the whole line after the braces ('} reward R')");
            }
            byState[names.indexOf(w.state().text())] = own;
        }
        return byState;
    }

    /**
     * R(s, a) = sum over outcomes of P(s' | s, a) E[r | s, a, s']. One reward shared by every outcome
     * is taken as it is written, not re-summed, so it stays exact.
     */
    private static double expectedReward(double[] probabilities, RewardDistribution[] rewards) {
        boolean shared = true;
        for (RewardDistribution r : rewards) shared &= r == rewards[0];
        if (shared) return rewards[0].mean();
        double sum = 0;
        for (int k = 0; k < rewards.length; k++) sum += probabilities[k] * rewards[k].mean();
        return sum;
    }

    private void collect(MdpItem item) {
        if (item instanceof MdpItem.Setting s) {
            setting(s);
        } else if (item instanceof MdpItem.Start s) {
            if (start != null) {
                throw new CheckError(s.span(), "a second start line; the first is at " + start.span().where());
            }
            start = s;
            for (Decl.WeightedState w : s.distribution().outcomes()) appear(w.state());
        } else if (item instanceof MdpItem.Terminal t) {
            for (Ident name : t.states()) {
                Ident first = terminals.putIfAbsent(name.text(), name);
                if (first != null) {
                    throw new CheckError(name.span(), "state '" + name.text() + "' is already declared terminal at "
                            + first.span().where());
                }
            }
        } else if (item instanceof MdpItem.Observe o) {
            MdpItem.Observe first = observes.putIfAbsent(o.state().text(), o);
            if (first != null) {
                throw new CheckError(o.span(), "a second observe line for '" + o.state().text() + "'; the first is at "
                        + first.span().where());
            }
            appear(o.state());
        } else {
            transition((MdpItem.Transition) item);
        }
    }

    private void setting(MdpItem.Setting s) {
        if (s.key().equals("gamma")) {
            if (gammaSpan != null) throw new CheckError(s.span(), "gamma is already set at " + gammaSpan.where());
            if (!(s.value() >= 0 && s.value() <= 1)) {
                throw new CheckError(s.span(), "gamma must lie in [0, 1], got " + s.value());
            }
            gamma = s.value();
            gammaSpan = s.span();
        } else {
            if (horizonSpan != null) throw new CheckError(s.span(), "horizon is already set at " + horizonSpan.where());
            if (s.value() < 1 || s.value() != Math.rint(s.value()) || s.value() > Environment.STEP_CAP) {
                throw new CheckError(s.span(), "horizon must be a whole number of steps in 1.." + Environment.STEP_CAP
                        + ", got " + s.value());
            }
            horizon = (int) s.value();
            horizonSpan = s.span();
        }
    }

    private void transition(MdpItem.Transition t) {
        appear(t.from());
        int a = actions.indexOf(t.action().text());
        if (a < 0) {
            throw new CheckError(t.action().span(), "unknown action '" + t.action().text() + "'; the policy's actions are "
                    + actions.describe() + Suggestions.didYouMean(t.action().text(), actions.labels()));
        }
        Map<Integer, MdpItem.Transition> byAction = transitions.computeIfAbsent(t.from().text(), k -> new LinkedHashMap<>());
        MdpItem.Transition first = byAction.putIfAbsent(a, t);
        if (first != null) {
            throw new CheckError(t.span(), "a second transition for " + t.from().text() + " " + t.action().text()
                    + "; the first is at " + first.span().where() + " (write one line with a distribution, e.g. "
                    + "'{A: 0.5, B: 0.5}')");
        }
        for (Decl.WeightedState w : t.to().outcomes()) appear(w.state());
    }

    private void appear(Ident name) {
        firstAppearance.putIfAbsent(name.text(), name);
    }

    /** Every state named must be terminal or have transitions; terminal states have none. */
    private void checkNames() {
        for (MdpItem item : decl.items()) {
            if (item instanceof MdpItem.Transition t && terminals.containsKey(t.from().text())) {
                throw new CheckError(t.from().span(), "'" + t.from().text() + "' is a terminal state; it cannot have "
                        + "transitions");
            }
        }
        Set<String> defined = new LinkedHashSet<>(transitions.keySet());
        defined.addAll(terminals.keySet());
        for (Ident name : firstAppearance.values()) {
            if (defined.contains(name.text())) continue;
            String suggestion = Suggestions.didYouMean(name.text(), defined);
            throw new CheckError(name.span(), suggestion.isEmpty()
                    ? "state '" + name.text() + "' has no transitions and is not terminal; add lines '"
                            + name.text() + " " + actions.label(0) + " -> ...' or declare 'terminal " + name.text() + "'"
                    : "unknown state '" + name.text() + "'" + suggestion);
        }
    }

    /** Fills {@code into} (indexed by state) from a written distribution, checking its probabilities. */
    private static void distribution(Decl.StateDistribution d, Span span, List<String> names, double[] into,
            String what) {
        double total = 0;
        Set<String> seen = new LinkedHashSet<>();
        for (Decl.WeightedState w : d.outcomes()) {
            if (!seen.add(w.state().text())) {
                throw new CheckError(w.state().span(), "state '" + w.state().text() + "' appears twice in " + what);
            }
            if (!(w.probability() >= 0)) {
                throw new CheckError(w.state().span(), "negative probability " + w.probability() + " for '"
                        + w.state().text() + "' in " + what);
            }
            into[names.indexOf(w.state().text())] = w.probability();
            total += w.probability();
        }
        if (Math.abs(total - 1) > PROBABILITY_TOLERANCE) {
            throw new CheckError(span, "the probabilities of " + what + " sum to " + total + ", not 1");
        }
    }

    private MdpItem.Transition firstLine(String state) {
        return transitions.get(state).values().iterator().next();
    }

    /**
     * With gamma = 1 and no horizon, J is finite for a policy that tries every action only if every
     * state reachable from the start can still reach a terminal state.
     */
    private void checkFinite(FiniteMdp mdp) {
        int stuck = Reachability.stuckState(mdp, null);
        if (stuck < 0) return;
        String name = mdp.stateName(stuck);
        throw new CheckError(firstAppearance.get(name).span(), "state '" + name + "' can be reached from the start, "
                + "but no terminal state can be reached from it; with gamma 1 and no horizon J is not finite. "
                + "Add a horizon, set gamma below 1, or give it a path to a terminal state");
    }
}
