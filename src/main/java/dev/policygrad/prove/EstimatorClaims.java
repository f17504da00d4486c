package dev.policygrad.prove;

import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.estimate.ExactExpectation;
import dev.policygrad.estimate.StepBaseline;
import java.util.ArrayList;
import java.util.List;

/**
 * The REINFORCE estimators policygrad ships (package {@code dev.policygrad.estimate}, Williams 1992)
 * held to the derivation: the exact expectation of each one's per-episode estimate, summed over every
 * trajectory by {@link ExactExpectation}, against grad J by the policy gradient theorem.
 * <pre>
 *   (9) estimator      E_tau[g_total-return(tau)] = grad J
 *   (11) estimator     E_tau[g_reward-to-go(tau)] = grad J
 *   gamma^t estimator  E_tau[g_missing-discount(tau)] != grad J when gamma &lt; 1   (see {@link GammaNote})
 * </pre>
 * The estimators' code shares nothing with {@link Integrands}: this checks the implementation, where
 * the claims of {@link ReturnClaims} check the mathematics.
 */
final class EstimatorClaims {

    private final Derivation derivation;

    EstimatorClaims(Derivation derivation) {
        this.derivation = derivation;
    }

    List<Claim> claims() {
        Derivation d = derivation;
        int p = d.parameterCount;
        List<Claim> claims = new ArrayList<>();
        for (EstimatorKind kind : EstimatorKind.values()) {
            double[] lhs = ExactExpectation.over(d.mdp, Estimator.of(kind), StepBaseline.ZERO, d.policy, d.theta)
                    .expectation();
            String statement = "E_tau[ estimator " + kind.label() + " ] %s grad J";
            String source = "lhs: dev.policygrad.estimate, exact expectation over " + d.trajectories.size()
                    + " trajectories; ";
            switch (kind) {
                case TOTAL_RETURN:
                    claims.add(unbiased("(9) estimator", statement, lhs, Integrands.totalReturn(p, d.gamma), source));
                    break;
                case REWARD_TO_GO:
                    claims.add(unbiased("(11) estimator", statement, lhs, Integrands.rewardToGo(p, d.gamma), source));
                    break;
                case MISSING_DISCOUNT:
                    double[] absolute = d.expectations(Integrands.rewardToGoWithoutDiscount(p, d.gamma))[1];
                    claims.add(new GammaNote(d).claim("gamma^t estimator", statement, lhs, absolute, source));
                    break;
                default:
                    break;
            }
        }
        return claims;
    }

    /** lhs = grad J; {@code same} is the same estimator as an integrand, whose E|g| sets the rounding scale. */
    private Claim unbiased(String steps, String statement, double[] lhs, TrajectoryFunction same, String source) {
        double[] gradient = derivation.exactGradient();
        double[] absolute = derivation.expectations(same)[1];
        return Claim.equal(steps, statement.formatted("="), lhs, gradient,
                Derivation.EXACT * Derivation.scale(lhs, absolute, gradient), source + "rhs: policy gradient theorem");
    }
}
