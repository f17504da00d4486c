package dev.policygrad.prove;

import dev.policygrad.objective.ObjectiveDifferences;
import dev.policygrad.rollout.Trajectory;
import java.util.List;

/**
 * steps (1)-(8) of the derivation (docs/derivation.md), each side computed without the other:
 * <pre>
 *   (1)      J(theta) = sum_tau p_theta(tau) G(tau), and sum_tau p_theta(tau) = 1
 *   (1)=(2)  dJ/dtheta = sum_tau (d p_theta(tau)/d theta) G(tau)          (derivative through the sum)
 *   (3)-(4)  d p_theta(tau)/d theta = p_theta(tau) d log p_theta(tau)/d theta   (log-derivative trick)
 *   (1)=(5)  dJ/dtheta = E_tau[d log p_theta(tau)/d theta G(tau)]
 *   (6)-(8)  d log p_theta(tau)/d theta = sum_t d log pi_theta(a_t | s_t)/d theta  (transitions drop out)
 * </pre>
 * dJ/dtheta is the finite-difference gradient of the exact J; d p and d log p are finite differences of
 * the full trajectory probability of step (6), start and transition probabilities included; the scores
 * of step (8) come from reverse-mode AD. The sums over trajectories are exact: with finitely many
 * trajectories, step (2)'s exchange of derivative and integral is a derivative of a finite sum.
 */
final class LogDerivativeClaims {

    private final Derivation derivation;

    LogDerivativeClaims(Derivation derivation) {
        this.derivation = derivation;
    }

    List<Claim> claims() {
        Derivation d = derivation;
        List<ScoredTrajectory> all = d.trajectories;
        int p = d.parameterCount;
        double gamma = d.gamma;
        double totalProbability = 0;
        double expectedReturn = 0;
        double returnScale = 0;
        double[] throughProbability = new double[p];
        double[] throughLogProbability = new double[p];
        double[] absolute = new double[p];
        WorstCase logDerivativeTrick = new WorstCase();
        WorstCase decomposition = new WorstCase();
        for (int k = 0; k < all.size(); k++) {
            d.progress.at(all.size() + k, 2L * all.size());
            ScoredTrajectory tau = all.get(k);
            Trajectory trajectory = tau.trajectory();
            double probability = tau.probability();
            double g = tau.discountedReturn(gamma);
            double[] dp = ObjectiveDifferences.gradient(th -> d.density.probability(trajectory, th), d.theta);
            double[] dLogP = ObjectiveDifferences.gradient(th -> d.density.logProbability(trajectory, th), d.theta);
            double[] pDLogP = new double[p];
            for (int i = 0; i < p; i++) {
                pDLogP[i] = probability * dLogP[i];
                throughProbability[i] += dp[i] * g;
                throughLogProbability[i] += pDLogP[i] * g;
                absolute[i] += Math.abs(pDLogP[i] * g);
            }
            totalProbability += probability;
            expectedReturn += probability * g;
            returnScale += probability * Math.abs(g);
            logDerivativeTrick.add(k, dp, pDLogP,
                    Derivation.FINITE_DIFFERENCES * probability * Derivation.scale(dLogP));
            double[] scoreSum = tau.scoreSum(p);
            decomposition.add(k, dLogP, scoreSum, Derivation.FINITE_DIFFERENCES * Derivation.scale(dLogP, scoreSum));
        }
        double[] finiteDifferenceGradient = d.objective.finiteDifferenceGradient(d.theta);
        double j = d.objective.value(d.theta);
        String n = all.size() + " trajectories";
        double gradientTolerance = Derivation.FINITE_DIFFERENCES
                * Derivation.scale(finiteDifferenceGradient, absolute);
        return List.of(
                Claim.equal("(1)", "sum_tau p_theta(tau) = 1", new double[] {totalProbability}, new double[] {1},
                        Derivation.EXACT, "sum over " + n),
                Claim.equal("(1)", "J(theta) = sum_tau p_theta(tau) G(tau)", new double[] {j},
                        new double[] {expectedReturn}, Derivation.EXACT * Math.max(1, returnScale),
                        "lhs: J by backward induction; rhs: sum over " + n),
                Claim.equal("(1)=(2)", "dJ/dtheta = sum_tau (d/dtheta p_theta(tau)) G(tau)", finiteDifferenceGradient,
                        throughProbability, gradientTolerance,
                        "lhs: finite differences of J; rhs: finite differences of each p_theta(tau), " + n),
                logDerivativeTrick.claim("(3)-(4)", "d/dtheta p_theta(tau) = p_theta(tau) d/dtheta log p_theta(tau)",
                        "trajectories", k -> d.density.describe(all.get(k).trajectory())),
                Claim.equal("(1)=(5)", "dJ/dtheta = E_tau[ d/dtheta log p_theta(tau) G(tau) ]", finiteDifferenceGradient,
                        throughLogProbability, gradientTolerance,
                        "lhs: finite differences of J; rhs: finite differences of each log p_theta(tau), " + n),
                decomposition.claim("(6)-(8)", "d/dtheta log p_theta(tau) = sum_t d/dtheta log pi_theta(a_t|s_t)",
                        "trajectories (lhs: finite differences of log p with start and transitions; rhs: reverse mode)",
                        k -> d.density.describe(all.get(k).trajectory())));
    }
}
