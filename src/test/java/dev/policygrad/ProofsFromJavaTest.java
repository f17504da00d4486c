package dev.policygrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import dev.policygrad.prove.Claim;
import dev.policygrad.prove.Derivation;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.prove.ProofTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The "From Java" lines of {@code proofs/README.md}, written as a library user writes them: outside the
 * {@code prove} package, with an estimator g(tau) of one's own as a lambda.
 */
class ProofsFromJavaTest {

    @Test
    void anEstimatorOfOnesOwnIsHeldToTheExactGradient() {
        Workspace corridor = PolicyGrad.load(Path.of("proofs/corridor-horizon"));
        FiniteMdp mdp = (FiniteMdp) corridor.task();
        Policy policy = corridor.policy();
        double[] theta = corridor.theta();

        DerivationReport report = Derivation.of(mdp, policy, theta).prove();
        assertTrue(report.holds());
        assertTrue(report.claim("(9)").difference() < 1e-12);
        assertTrue(ProofTable.render(report).contains("every claim holds"));

        // step (9) written by hand: (sum_t score_t) G(tau); at theta = 0 grad J = (1/16, -1/16) (proofs/README.md)
        Claim totalReturn = Derivation.of(mdp, policy, theta).unbiased("(9)", "my total return", tau -> {
            double[] g = tau.scoreSum(theta.length);
            double G = tau.discountedReturn(mdp.gamma());
            for (int i = 0; i < g.length; i++) g[i] *= G;
            return g;
        });
        assertTrue(totalReturn.holds(), totalReturn.toString());
        assertArrayEquals(new double[] {0.0625, -0.0625}, totalReturn.rhs(), 1e-12);

        // step (11) without gamma^t, on the noisy chain (gamma = 0.9): off grad J by 0.23 (proofs/README.md)
        Workspace chain = PolicyGrad.load(Path.of("proofs/noisy-chain"));
        FiniteMdp chainMdp = (FiniteMdp) chain.task();
        int parameters = chain.theta().length;
        Claim missingDiscount = Derivation.of(chainMdp, chain.policy(), chain.theta()).unbiased("(11)", "no gamma^t", tau -> {
            double[] g = new double[parameters];
            for (int t = 0; t < tau.length(); t++) {
                for (int i = 0; i < parameters; i++) g[i] += tau.score(t)[i] * tau.rewardToGo(t, chainMdp.gamma());
            }
            return g;
        });
        assertFalse(missingDiscount.holds(), missingDiscount.toString());
        assertTrue(Math.abs(missingDiscount.difference() - 0.23) < 0.005, missingDiscount.toString());
        assertTrue(missingDiscount.toString().startsWith("(11) no gamma^t: DOES NOT HOLD (|lhs - rhs| = 2.3e-01"),
                missingDiscount.toString());
    }
}
