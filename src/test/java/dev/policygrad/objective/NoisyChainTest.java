package dev.policygrad.objective;

import dev.policygrad.rollout.Trajectory;
import dev.policygrad.rollout.Trajectories;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The noisy chain: stochastic transitions, observation features, gamma 0.9, horizon 6. */
class NoisyChainTest {

    private final CheckedProgram program = Programs.check(Programs.NOISY_CHAIN);
    private final FiniteMdp mdp = Programs.mdp(program);
    private final Policy policy = Policy.of(program);
    private final double[] theta = policy.initialParameters(0);

    @Test
    void structure() {
        assertEquals(List.of("A", "B", "C", "T"), List.of(mdp.stateName(0), mdp.stateName(1), mdp.stateName(2),
                mdp.stateName(3)));
        assertEquals(3, mdp.nonTerminalCount());
        assertEquals(0.9, mdp.gamma());
        assertEquals(6, mdp.horizon());
        assertArrayEquals(new double[] {0, 1, -0.5}, mdp.observation(1));
        assertEquals(0.7, mdp.startProbability(0));
    }

    @Test
    void valueEqualsSumOverTrajectories() {
        List<Trajectory> all = Trajectories.enumerate(mdp, policy.newEvaluator(), theta);
        double total = 0;
        double expected = 0;
        for (Trajectory tau : all) {
            total += tau.probability();
            expected += tau.probability() * tau.discountedReturn(mdp.gamma());
            assertTrue(tau.finished());
        }
        assertEquals(1, total, 1e-12);
        assertEquals(expected, new ExactObjective(mdp, policy).value(theta), 1e-12);
    }

    /**
     * Seed steps (9) and (11) in expectation: sum_tau p(tau) (sum_t score_t) G(tau) and
     * sum_tau p(tau) sum_t score_t gamma^t G(tau_{t:T}) both equal the policy-gradient-theorem gradient.
     */
    @Test
    void reinforceEstimatorsInExpectationEqualTheGradient() {
        Evaluator evaluator = policy.newEvaluator();
        double[] total = new double[theta.length];
        double[] rewardToGo = new double[theta.length];
        double[] score = new double[theta.length];
        double gamma = mdp.gamma();
        for (Trajectory tau : Trajectories.enumerate(mdp, evaluator, theta)) {
            double g = tau.discountedReturn(gamma);
            for (int t = 0; t < tau.length(); t++) {
                evaluator.score(theta, mdp.observation(tau.states()[t]), tau.actions()[t], score);
                double weight = Math.pow(gamma, t) * tau.rewardToGo(t, gamma);
                for (int i = 0; i < theta.length; i++) {
                    total[i] += tau.probability() * g * score[i];
                    rewardToGo[i] += tau.probability() * weight * score[i];
                }
            }
        }
        double[] exact = new ExactObjective(mdp, policy).gradient(theta);
        assertArrayEquals(exact, total, 1e-12);
        assertArrayEquals(exact, rewardToGo, 1e-12);
    }

    @Test
    void policyGradientTheoremMatchesFiniteDifferences() {
        ExactObjective objective = new ExactObjective(mdp, policy);
        assertArrayEquals(objective.finiteDifferenceGradient(theta), objective.gradient(theta), 1e-8);
    }

    /** Cut at depth 2, the unfinished trajectories carry the probability of lasting longer. */
    @Test
    void enumerationToADepth() {
        List<Trajectory> cut = Trajectories.enumerate(mdp, policy.newEvaluator(), theta, 2);
        double total = 0;
        for (Trajectory tau : cut) {
            total += tau.probability();
            assertTrue(tau.length() <= 2);
            assertEquals(tau.length() == 2 && !mdp.isTerminal(tau.states()[2]), !tau.finished());
        }
        assertEquals(1, total, 1e-12);
    }

    /**
     * A policy with pi(stay | B) = pi(stay | C) = 0 exactly: log pi is -infinity there and its score
     * undefined, but J and both gradients stay finite and agree, with and without a horizon.
     */
    @Test
    void zeroProbabilityActionsAreSkipped() {
        String zeroStay = Programs.NOISY_CHAIN
                .replace("observe A = [1, 0, 0.5]", "observe A = [1, 0, 0]")
                .replace("observe B = [0, 1, -0.5]", "observe B = [0, 1, 0]")
                .replace("observe C = [1, 1, 0]", "observe C = [0, 0, 1]")
                .replace("categorical(logits = W @ s + b)",
                        "categorical(probs = [1 - s[0] * sigmoid(b[0]), s[0] * sigmoid(b[0])])");
        for (String horizon : new String[] {"horizon 6", ""}) {
            CheckedProgram p = Programs.check(zeroStay.replace("horizon 6", horizon));
            FiniteMdp m = Programs.mdp(p);
            Policy zero = Policy.of(p);
            double[] x = zero.initialParameters(0);
            ExactObjective objective = new ExactObjective(m, zero);
            double[] gradient = objective.gradient(x);
            for (double g : gradient) assertTrue(Double.isFinite(g));
            assertArrayEquals(objective.finiteDifferenceGradient(x), gradient, 1e-8);
            if (m.hasHorizon()) {
                double expected = 0;
                for (Trajectory tau : Trajectories.enumerate(m, zero.newEvaluator(), x)) {
                    expected += tau.probability() * tau.discountedReturn(m.gamma());
                    for (int t = 0; t < tau.length(); t++) {
                        assertTrue(tau.states()[t] == 0 || tau.actions()[t] == 0, "stay is never taken in B or C");
                    }
                }
                assertEquals(expected, objective.value(x), 1e-12);
            }
        }
    }
}
