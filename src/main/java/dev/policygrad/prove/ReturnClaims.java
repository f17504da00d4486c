package dev.policygrad.prove;

import dev.policygrad.rollout.PolicyTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * steps (9)-(11) of the derivation (docs/derivation.md) and its notes, with score_t = d log pi_theta(a_t | s_t)/d theta by
 * reverse mode and the exact gradient by the policy gradient theorem:
 * <pre>
 *   (9)       E_tau[(sum_t score_t) G(tau)] = grad J                       (Williams 1992, "total return")
 *   (10)      G(tau) = G(tau_{0:t}) + gamma^t G(tau_{t:T})  for every tau and t
 *   (9)=(10)  E_tau[sum_t score_t (G(tau_{0:t}) + gamma^t G(tau_{t:T}))] = grad J
 *   (11) t    E_tau[score_t G(tau_{0:t})] = 0  for each t: the dropped terms (causality)
 *   (11)      E_tau[sum_t score_t gamma^t G(tau_{t:T})] = grad J          ("reward to go")
 *   baseline  E_tau[score_t gamma^t b(s_t)] = 0 for every t, so subtracting b(s_t) keeps (11) unbiased
 *   gamma^t   E_tau[sum_t score_t G(tau_{t:T})] != grad J when gamma &lt; 1  (Nota &amp; Thomas 2020)
 * </pre>
 * The baseline is b(s) = sum_a pi_theta(a | s) R(s, a), the expected immediate reward in s: a fixed
 * function of the state, independent of a_t and of everything after it.
 *
 * <p>When the gamma^t claim expects a difference is {@link GammaNote}'s to decide.
 */
final class ReturnClaims {

    private final Derivation derivation;

    ReturnClaims(Derivation derivation) {
        this.derivation = derivation;
    }

    List<Claim> claims() {
        Derivation d = derivation;
        int p = d.parameterCount;
        double gamma = d.gamma;
        int horizon = d.mdp.horizon();
        List<Claim> claims = new ArrayList<>();
        claims.add(d.unbiased("(9)", "E_tau[ (sum_t d/dtheta log pi_theta(a_t|s_t)) G(tau) ] = grad J",
                Integrands.totalReturn(p, gamma)));
        claims.add(splitIdentity());
        claims.add(d.unbiased("(9)=(10)",
                "E_tau[ sum_t d/dtheta log pi_theta(a_t|s_t) (G(tau_0:t) + gamma^t G(tau_t:T)) ] = grad J",
                Integrands.splitReturn(p, gamma)));
        for (int t = 0; t < horizon; t++) {
            claims.add(zero("(11) t=" + t, "E_tau[ d/dtheta log pi_theta(a_" + t + "|s_" + t + ") G(tau_0:" + t
                    + ") ] = 0", Integrands.rewardBefore(p, gamma, t), "the term (10) has and (11) drops at t=" + t));
        }
        claims.add(d.unbiased("(11)", "E_tau[ sum_t d/dtheta log pi_theta(a_t|s_t) gamma^t G(tau_t:T) ] = grad J",
                Integrands.rewardToGo(p, gamma)));
        IntToDoubleFunction baseline = expectedImmediateReward();
        claims.add(baselineTerms(baseline));
        claims.add(d.unbiased("baseline",
                "E_tau[ sum_t d/dtheta log pi_theta(a_t|s_t) gamma^t (G(tau_t:T) - b(s_t)) ] = grad J",
                Integrands.rewardToGoWithBaseline(p, gamma, baseline)));
        double[][] withoutDiscount = d.expectations(Integrands.rewardToGoWithoutDiscount(p, gamma));
        claims.add(new GammaNote(d).claim("gamma^t",
                "E_tau[ sum_t d/dtheta log pi_theta(a_t|s_t) G(tau_t:T) ] %s grad J (no gamma^t)", withoutDiscount[0],
                withoutDiscount[1], ""));
        return claims;
    }

    /** (10): G(tau) = G(tau_{0:t}) + gamma^t G(tau_{t:T}) for every trajectory and every 0 &lt;= t &lt;= T. */
    private Claim splitIdentity() {
        List<ScoredTrajectory> all = derivation.trajectories;
        double gamma = derivation.gamma;
        WorstCase identity = new WorstCase();
        int cases = 0;
        List<String> labels = new ArrayList<>();
        for (ScoredTrajectory tau : all) {
            double g = tau.discountedReturn(gamma);
            double size = 0;
            for (double r : tau.trajectory().rewards()) size += Math.abs(r);
            for (int t = 0; t <= tau.length(); t++) {
                double split = tau.returnBefore(t, gamma) + Math.pow(gamma, t) * tau.rewardToGo(t, gamma);
                identity.add(cases++, new double[] {g}, new double[] {split}, Derivation.EXACT * Math.max(1, size));
                labels.add(derivation.density.describe(tau.trajectory()) + ", t=" + t);
            }
        }
        return identity.claim("(10)", "G(tau) = G(tau_0:t) + gamma^t G(tau_t:T)", "(trajectory, t) pairs",
                labels::get);
    }

    /** E[f] = 0, within the rounding error of sum_tau p(tau) |f(tau)|. */
    private Claim zero(String steps, String statement, TrajectoryFunction f, String detail) {
        double[][] e = derivation.expectations(f);
        return Claim.equal(steps, statement, e[0], new double[e[0].length],
                Derivation.EXACT * Derivation.scale(e[1]), detail);
    }

    /** E[score_t gamma^t b(s_t)] = 0 for every t, reported by the worst t. */
    private Claim baselineTerms(IntToDoubleFunction baseline) {
        WorstCase terms = new WorstCase();
        int p = derivation.parameterCount;
        for (int t = 0; t < derivation.mdp.horizon(); t++) {
            double[][] e = derivation.expectations(Integrands.baselineTerm(p, derivation.gamma, t, baseline));
            terms.add(t, e[0], new double[p], Derivation.EXACT * Derivation.scale(e[1]));
        }
        return terms.claim("baseline", "E_tau[ d/dtheta log pi_theta(a_t|s_t) gamma^t b(s_t) ] = 0",
                "steps t, b(s) = sum_a pi(a|s) R(s,a)", t -> "t=" + t);
    }

    /** b(s) = sum_a pi_theta(a | s) R(s, a), 0 in terminal states. */
    private IntToDoubleFunction expectedImmediateReward() {
        Derivation d = derivation;
        double[][] pi = PolicyTable.probabilities(d.mdp, d.policy.newEvaluator(), d.theta);
        double[] b = new double[d.mdp.stateCount()];
        for (int s = 0; s < d.mdp.nonTerminalCount(); s++) {
            for (int a = 0; a < d.mdp.actionCount(); a++) b[s] += pi[s][a] * d.mdp.reward(s, a);
        }
        return s -> b[s];
    }
}
