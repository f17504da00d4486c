package dev.policygrad.estimate;

import dev.policygrad.rollout.Episode;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.rollout.Trajectories;
import dev.policygrad.rollout.Trajectory;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;

/**
 * The exact expectation of an estimator over a finite set of trajectories: fed every trajectory tau
 * of a finite MDP with a horizon together with its probability p_theta(tau), it sums
 * E[g] = sum_tau p_theta(tau) g(tau), where g is the estimator's per-episode estimate. For step (9)
 * and step (11) this is grad J exactly (steps (5)-(11) of the derivation); for the missing-discount control it is
 * not when gamma &lt; 1.
 *
 * <p>Baselines: the batch baselines ({@code mean}, {@code value}) depend on other episodes, so they are
 * not functions of tau alone. What is computed instead is the expectation with a fixed baseline b
 * (for instance one fitted on a sampled batch and frozen, see {@link Estimator#frozenBaseline}), and,
 * separately, the expectation of the baseline's own term,
 * {@link #baselineTerm()} = sum_tau p(tau) sum_t c_t b_t grad log pi(a_t | s_t) with c_t = gamma^t (or 1
 * without the discount). It is zero for any b that depends on the state and step only (seed, last
 * note), which is why the batch baselines, independent of the episode they are applied to, leave the
 * expectation unchanged too.
 */
public final class ExactExpectation {

    private final Estimator estimator;
    private final StepBaseline baseline;
    private final Evaluator evaluator;
    private final double[] theta;
    private final double gamma;
    private final double[] expectation;
    private final double[] baselineTerm;
    private final double[] episodeGradient;
    private final double[] state;
    private double totalProbability;
    private long trajectories;

    /**
     * @param baseline a fixed baseline, applied to every trajectory (ignored by total-return)
     */
    public ExactExpectation(Estimator estimator, StepBaseline baseline, Policy policy, double[] theta, double gamma,
            int observationSize) {
        this.estimator = estimator;
        this.baseline = baseline;
        this.evaluator = policy.newEvaluator();
        this.theta = theta.clone();
        this.gamma = gamma;
        int p = policy.parameters().size();
        this.expectation = new double[p];
        this.baselineTerm = new double[p];
        this.episodeGradient = new double[p];
        this.state = new double[observationSize];
    }

    /**
     * E[g] over every trajectory of {@code mdp} (which needs a horizon), enumerated by
     * {@link Trajectories#enumerate(FiniteMdp, Evaluator, double[])}, with the fixed {@code baseline}.
     */
    public static ExactExpectation over(FiniteMdp mdp, Estimator estimator, StepBaseline baseline, Policy policy,
            double[] theta) {
        if (!mdp.hasHorizon()) {
            throw new dev.policygrad.diag.UsageError("an exact expectation enumerates every trajectory, so mdp " + mdp.name()
                    + " needs a horizon; add e.g. 'horizon 6' to it");
        }
        Estimator.checkCompatible(policy, mdp, theta);
        ExactExpectation exact = new ExactExpectation(estimator, baseline, policy, theta, mdp.gamma(),
                mdp.observationSize());
        int d = mdp.observationSize();
        Episode episode = new Episode(d);
        double[] observations = new double[(mdp.horizon() + 1) * d];
        double[] actions = new double[mdp.horizon()];
        double[] row = new double[d];
        for (Trajectory tau : Trajectories.enumerate(mdp, exact.evaluator, theta)) {
            int length = tau.length();
            for (int t = 0; t <= length; t++) {
                mdp.copyObservation(tau.states()[t], row);
                System.arraycopy(row, 0, observations, t * d, d);
            }
            for (int t = 0; t < length; t++) actions[t] = tau.actions()[t];
            episode.set(observations, actions, tau.rewards(), length, mdp.isTerminal(tau.states()[length]), mdp.gamma());
            exact.add(tau.probability(), episode);
        }
        return exact;
    }

    /** Adds p * g(tau) for one trajectory tau held in {@code episode}, and p * (its baseline term). */
    public void add(double probability, Episode episode) {
        if (probability == 0) return;
        java.util.Arrays.fill(episodeGradient, 0);
        Estimator.accumulate(estimator.kind(), gamma, baseline, 0, episode, evaluator, theta, state, episodeGradient);
        for (int j = 0; j < expectation.length; j++) expectation[j] += probability * episodeGradient[j];
        if (estimator.kind().takesBaseline()) {
            double[] baselines = episode.baselines();
            double discount = 1;
            for (int t = 0; t < episode.length(); t++) {
                double c = estimator.kind() == EstimatorKind.REWARD_TO_GO ? discount : 1;
                episode.observation(t, state);
                evaluator.accumulateScore(theta, state, episode.actions()[t], probability * c * baselines[t],
                        baselineTerm);
                discount *= gamma;
            }
        }
        totalProbability += probability;
        trajectories++;
    }

    /** sum_tau p(tau) g(tau). */
    public double[] expectation() {
        return expectation.clone();
    }

    /** sum_tau p(tau) sum_t c_t b_t grad log pi(a_t | s_t): zero for a fixed state-and-step baseline. */
    public double[] baselineTerm() {
        return baselineTerm.clone();
    }

    /** sum_tau p(tau): 1 when every trajectory was added. */
    public double totalProbability() {
        return totalProbability;
    }

    public long trajectories() {
        return trajectories;
    }
}
