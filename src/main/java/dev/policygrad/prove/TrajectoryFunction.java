package dev.policygrad.prove;

/**
 * A vector-valued function of a trajectory, f(tau) in R^d (d = theta's length), whose expectation
 * E_tau[f(tau)] = sum_tau p_theta(tau) f(tau) a {@link Derivation} computes exactly. The
 * single-trajectory gradient estimators of steps (9)-(11) of the derivation (docs/derivation.md) are such functions; see
 * {@link Integrands}.
 */
@FunctionalInterface
public interface TrajectoryFunction {

    /** f(tau); a fresh array of theta's length. */
    double[] at(ScoredTrajectory tau);
}
