package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.ir.Node;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A finite Markov decision process, as declared by an {@code mdp} block: states, a start
 * distribution mu_0, for every non-terminal state s and action a a distribution P(s' | s, a) with a
 * reward R(s, a), a discount gamma and an optional horizon H. An episode starts in s_0 ~ mu_0 and,
 * at step t, takes a_t, moves to s_{t+1} ~ P(. | s_t, a_t) and receives r_{t+1}, which may depend on
 * s_{t+1} and may be drawn at random; R(s_t, a_t) is its expectation. It ends in a terminal state or
 * after H steps. Immutable.
 *
 * <p>States are numbered: the non-terminal ones 0 .. n-1 in order of first appearance in the block,
 * then the terminal ones in the order declared. Actions are the policy's indices. What the policy
 * observes in state s is {@link #observation(int)}: the {@code observe} vector, or the one-hot
 * vector e_s when the policy declares {@code state s[n]} and the block has no observe lines, or
 * nothing when the policy sees no state.
 */
public final class FiniteMdp implements Environment {

    private final String name;
    private final List<String> states;
    private final int nonTerminalCount;
    private final double[] start;
    private final int[][][] next;
    private final double[][][] probability;
    private final double[][] reward;
    private final RewardDistribution[][][] outcomeReward;
    private final double gamma;
    private final int declaredHorizon;
    private final double[][] observations;
    private final int observationSize;
    private final ActionSpace actions;

    FiniteMdp(String name, List<String> states, int nonTerminalCount, double[] start, int[][][] next,
            double[][][] probability, double[][] reward, RewardDistribution[][][] outcomeReward, double gamma, int declaredHorizon, double[][] observations,
            int observationSize, ActionSpace actions) {
        this.name = name;
        this.states = List.copyOf(states);
        this.nonTerminalCount = nonTerminalCount;
        this.start = start;
        this.next = next;
        this.probability = probability;
        this.reward = reward;
        this.outcomeReward = outcomeReward;
        this.gamma = gamma;
        this.declaredHorizon = declaredHorizon;
        this.observations = observations;
        this.observationSize = observationSize;
        this.actions = actions;
    }

    /**
     * Reads and checks an {@code mdp} block against the policy's actions and state input (null when
     * the policy sees no state); a {@link dev.policygrad.diag.CheckError} at the first problem.
     */
    public static FiniteMdp of(Decl.MdpDecl decl, ActionSpace actions, Node.Input state) {
        return new MdpReader(decl, actions, state).read();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int observationSize() {
        return observationSize;
    }

    @Override
    public double gamma() {
        return gamma;
    }

    /** The declared horizon, or {@link Environment#STEP_CAP} when there is none. */
    @Override
    public int horizon() {
        return declaredHorizon > 0 ? declaredHorizon : STEP_CAP;
    }

    @Override
    public boolean horizonIsCap() {
        return declaredHorizon == 0;
    }

    /** Whether the block declares a horizon. */
    public boolean hasHorizon() {
        return declaredHorizon > 0;
    }

    public ActionSpace actions() {
        return actions;
    }

    public int actionCount() {
        return actions.count();
    }

    /** All states, non-terminal first. */
    public int stateCount() {
        return states.size();
    }

    /** The non-terminal states are 0 .. nonTerminalCount() - 1. */
    public int nonTerminalCount() {
        return nonTerminalCount;
    }

    public boolean isTerminal(int state) {
        return state >= nonTerminalCount;
    }

    public String stateName(int state) {
        return states.get(state);
    }

    /** The state named {@code name}, or -1. */
    public int stateIndex(String name) {
        return states.indexOf(name);
    }

    /** mu_0(state). */
    public double startProbability(int state) {
        return start[state];
    }

    /** The number of next states P(. | state, action) puts positive probability on. */
    public int outcomeCount(int state, int action) {
        return next[state][action].length;
    }

    /** The k-th possible next state of (state, action). */
    public int nextState(int state, int action, int k) {
        return next[state][action][k];
    }

    /** P(nextState(state, action, k) | state, action), positive. */
    public double transitionProbability(int state, int action, int k) {
        return probability[state][action][k];
    }

    /**
     * R(state, action) = E[r_{t+1} | s_t = state, a_t = action], the expected reward for taking
     * action in state at step t (over the next state and any random reward); what J depends on.
     */
    public double reward(int state, int action) {
        return reward[state][action];
    }

    /** E[r_{t+1} | state, action, nextState(state, action, k)]: the mean reward of the k-th outcome. */
    public double outcomeReward(int state, int action, int k) {
        return outcomeReward[state][action][k].mean();
    }

    /** The reward the k-th outcome of (state, action) pays: a number or a distribution. */
    RewardDistribution outcomeRewardDistribution(int state, int action, int k) {
        return outcomeReward[state][action][k];
    }

    /**
     * Whether the k-th outcome of (state, action) can pay {@code r}: its fixed reward (to 1e-12, relative),
     * a value of a discrete reward, within a uniform's range, or any finite value of a normal reward.
     */
    public boolean rewardPossible(int state, int action, int k, double r) {
        RewardDistribution d = outcomeReward[state][action][k];
        if (d instanceof RewardDistribution.Fixed f) return near(f.value(), r);
        if (d instanceof RewardDistribution.Uniform u) return r >= u.low() && r <= u.high();
        if (d instanceof RewardDistribution.Discrete discrete) {
            for (int i = 0; i < discrete.values().length; i++) {
                if (discrete.probabilities()[i] > 0 && near(discrete.values()[i], r)) return true;
            }
            return false;
        }
        return Double.isFinite(r);
    }

    private static boolean near(double expected, double r) {
        return Math.abs(expected - r) <= 1e-12 * Math.max(1, Math.abs(expected));
    }

    /** Whether some transition pays a reward that depends on where it leads or is drawn at random. */
    public boolean rewardsVary() {
        for (int s = 0; s < nonTerminalCount; s++) {
            for (RewardDistribution[] byOutcome : outcomeReward[s]) {
                for (RewardDistribution r : byOutcome) if (r.random() || r != byOutcome[0]) return true;
            }
        }
        return false;
    }

    /** What the policy observes in {@code state} (zeros in a terminal state without observe line). */
    public double[] observation(int state) {
        return observations[state].clone();
    }

    /** Writes {@link #observation(int)} into {@code destination} without allocating. */
    public void copyObservation(int state, double[] destination) {
        System.arraycopy(observations[state], 0, destination, 0, observationSize);
    }

    @Override
    public Simulator newSimulator() {
        return new MdpSimulator();
    }

    /** A simulator of this MDP that also tells which state it is in, for showing episodes. */
    public Simulator newSimulator(int[] stateOut) {
        return new MdpSimulator(stateOut);
    }

    private final class MdpSimulator implements Simulator {
        private int state = -1;
        /** Where the current state index is mirrored after every reset and step, or null. */
        private final int[] stateOut;

        MdpSimulator() {
            this(null);
        }

        MdpSimulator(int[] stateOut) {
            this.stateOut = stateOut;
        }

        private void mirror() {
            if (stateOut != null) stateOut[0] = state;
        }

        @Override
        public void reset(SplittableRandom random, double[] observation) {
            state = draw(start, random);
            mirror();
            copyObservation(state, observation);
        }

        @Override
        public double step(double action, SplittableRandom random, double[] observation) {
            if (state < 0) throw new IllegalStateException("reset before step");
            if (isTerminal(state)) throw new IllegalStateException("the episode has ended in " + stateName(state));
            int a = (int) action;
            if (a != action || a < 0 || a >= actionCount()) {
                throw new IllegalArgumentException("not an action index of " + name + ": " + action);
            }
            int k = draw(probability[state][a], random);
            // A fixed reward draws nothing, so such tasks keep the random stream they always had.
            double r = outcomeReward[state][a][k].draw(random);
            state = next[state][a][k];
            mirror();
            copyObservation(state, observation);
            return r;
        }

        @Override
        public boolean terminal() {
            return isTerminal(state);
        }
    }

    /** An index drawn with the given probabilities, by inversion (one uniform draw). */
    private static int draw(double[] probabilities, SplittableRandom random) {
        double u = random.nextDouble();
        int last = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] <= 0) continue;
            last = i;
            u -= probabilities[i];
            if (u < 0) return i;
        }
        return last;
    }
}
