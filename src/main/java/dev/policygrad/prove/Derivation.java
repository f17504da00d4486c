package dev.policygrad.prove;

import dev.policygrad.diag.UsageError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.objective.ExactObjective;
import dev.policygrad.rollout.Trajectories;
import dev.policygrad.rollout.Trajectory;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy gradient derivation (steps (1)-(11) of the derivation (docs/derivation.md)), made executable: every step becomes a
 * {@link Claim} whose two sides are evaluated exactly on a finite MDP with a horizon, by enumerating
 * every trajectory tau with its probability p_theta(tau), so that E_tau[f(tau)] = sum_tau p_theta(tau) f(tau)
 * with no sampling error.
 *
 * <p>Each side is computed by a different route, so that a claim can fail:
 * <ul>
 *   <li>dJ/dtheta by finite differences of the exact J (backward induction, {@link ExactObjective});
 *   <li>d log p_theta(tau)/d theta by finite differences of the full log p_theta(tau), start and
 *       transition probabilities included ({@link TrajectoryDensity});
 *   <li>the scores d log pi_theta(a_t | s_t)/d theta by reverse-mode AD (the policy's tape);
 *   <li>the gradient by the policy gradient theorem (Sutton &amp; Barto 2018, section 13.2), from
 *       action values and state visitation, without enumerating trajectories.
 * </ul>
 * The claims themselves are built by {@link LogDerivativeClaims} (steps (1)-(8)) and
 * {@link ReturnClaims} (steps (9)-(11), the baseline and the gamma^t notes); {@link EstimatorClaims}
 * then holds the estimators of {@code dev.policygrad.estimate} to steps (9), (11) and the gamma^t note.
 *
 * <p>Holds a policy {@link Evaluator}, so an instance is for one thread.
 */
public final class Derivation {

    /** Relative tolerance for two sums of the same exact numbers in a different order. */
    static final double EXACT = 1e-10;
    /** Relative tolerance where one side comes from the 6th-order finite-difference stencil. */
    static final double FINITE_DIFFERENCES = 1e-7;
    /** More trajectories than this is refused: each is differentiated by finite differences. */
    public static final int MAX_TRAJECTORIES = 200_000;

    final FiniteMdp mdp;
    final Policy policy;
    final double[] theta;
    final int parameterCount;
    final double gamma;
    final TrajectoryDensity density;
    final ExactObjective objective;
    final List<ScoredTrajectory> trajectories;
    final Progress progress;
    private double[] exactGradient;

    /**
     * Told how far the work over trajectories has come: each trajectory is visited twice (scored,
     * then differentiated whole), so {@code total} is twice their number.
     */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void at(long done, long total);
    }

    private Derivation(FiniteMdp mdp, Policy policy, double[] theta, Progress progress) {
        this.progress = progress;
        this.mdp = mdp;
        this.policy = policy;
        this.theta = theta.clone();
        this.parameterCount = theta.length;
        this.gamma = mdp.gamma();
        Evaluator evaluator = policy.newEvaluator();
        this.density = new TrajectoryDensity(mdp, evaluator);
        this.objective = new ExactObjective(mdp, policy);
        // counted before any is built: enumerating up to Trajectories.MAX_TRAJECTORIES only to refuse them
        // here would take the time and memory the limit is there to save
        dev.policygrad.env.TrajectoryBound.require(mdp, MAX_TRAJECTORIES, "the derivation");
        List<Trajectory> all = Trajectories.enumerate(mdp, evaluator, this.theta);
        List<ScoredTrajectory> scored = new ArrayList<>(all.size());
        for (Trajectory tau : all) {
            progress.at(scored.size(), 2L * all.size());
            scored.add(new ScoredTrajectory(tau, density.stepScores(tau, this.theta)));
        }
        this.trajectories = List.copyOf(scored);
    }

    /**
     * The derivation for a policy on a finite MDP at theta; a {@link UsageError} when the MDP has no
     * horizon (trajectories could then be arbitrarily long, and could not all be enumerated).
     */
    public static Derivation of(FiniteMdp mdp, Policy policy, double[] theta) {
        return of(mdp, policy, theta, Progress.NONE);
    }

    /** As {@link #of(FiniteMdp, Policy, double[])}, telling {@code progress} how the enumeration goes. */
    public static Derivation of(FiniteMdp mdp, Policy policy, double[] theta, Progress progress) {
        if (!mdp.hasHorizon()) {
            throw new UsageError("mdp '" + mdp.name() + "' has no horizon, and the derivation is checked by enumerating "
                    + "every trajectory with its probability, so episodes need a bounded length: add a line such as "
                    + "'horizon 4' to the mdp block" + (mdp.name().equals("short_corridor")
                    ? " (proofs/corridor-horizon is the short corridor of examples/short-corridor with 'horizon 4')" : ""));
        }
        if (theta.length != policy.parameters().size()) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, the policy "
                    + policy.parameters().size() + " parameters");
        }
        return new Derivation(mdp, policy, theta, progress);
    }

    /** Every trajectory, with its probability and the reverse-mode score of each step. */
    public List<ScoredTrajectory> trajectories() {
        return trajectories;
    }

    /** E_tau[f(tau)] = sum_tau p_theta(tau) f(tau), exactly. */
    public double[] expectation(TrajectoryFunction f) {
        return expectations(f)[0];
    }

    /** { E[f], E[|f|] } componentwise; the second sets the scale of rounding errors in the first. */
    double[][] expectations(TrajectoryFunction f) {
        double[] mean = new double[parameterCount];
        double[] absolute = new double[parameterCount];
        for (ScoredTrajectory tau : trajectories) {
            double[] value = f.at(tau);
            for (int i = 0; i < parameterCount; i++) {
                mean[i] += tau.probability() * value[i];
                absolute[i] += tau.probability() * Math.abs(value[i]);
            }
        }
        return new double[][] {mean, absolute};
    }

    /** The exact grad J by the policy gradient theorem (computed once). */
    public double[] exactGradient() {
        if (exactGradient == null) exactGradient = objective.gradient(theta);
        return exactGradient.clone();
    }

    /**
     * The claim that a single-trajectory estimator g is unbiased: E_tau[g(tau)] = grad J, the
     * right side by the policy gradient theorem.
     */
    public Claim unbiased(String steps, String statement, TrajectoryFunction estimator) {
        double[][] e = expectations(estimator);
        double[] gradient = exactGradient();
        return Claim.equal(steps, statement, e[0], gradient, EXACT * scale(e[0], e[1], gradient),
                "lhs: sum over " + trajectories.size() + " trajectories; rhs: policy gradient theorem");
    }

    /** Checks every step; the claims in the order of the derivation. */
    public DerivationReport prove() {
        List<Claim> claims = new ArrayList<>(new LogDerivativeClaims(this).claims());
        claims.addAll(new ReturnClaims(this).claims());
        claims.addAll(new EstimatorClaims(this).claims());
        return new DerivationReport(mdp.name(), policy.name(), policy.parameterNames(), theta, gamma, mdp.horizon(),
                objective.value(theta), trajectories.size(), claims);
    }

    /** max(1, max_i |v_i| over all the vectors): the size a relative tolerance is relative to. */
    static double scale(double[]... vectors) {
        double s = 1;
        for (double[] v : vectors) for (double x : v) s = Math.max(s, Math.abs(x));
        return s;
    }
}
