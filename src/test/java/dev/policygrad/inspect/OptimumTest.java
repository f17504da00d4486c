package dev.policygrad.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.EvalError;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import dev.policygrad.objective.ExactObjective;
import dev.policygrad.policy.Policy;
import org.junit.jupiter.api.Test;

/** The best J of any policy by value iteration, against the best of every deterministic policy's exact J. */
class OptimumTest {

    @Test
    void valueIterationFindsTheBestDeterministicPolicy() {
        for (String mdpText : new String[] {Programs.NOISY_CHAIN.replace("horizon 6", ""), Programs.corridor("")}) {
            CheckedProgram program = Programs.check(mdpText);
            FiniteMdp mdp = Programs.mdp(program);
            ExactObjective exact = new ExactObjective(mdp, Policy.of(program));
            int n = mdp.nonTerminalCount(), actions = mdp.actionCount();
            double best = Double.NEGATIVE_INFINITY;
            int policies = (int) Math.pow(actions, n);
            for (int code = 0; code < policies; code++) {
                double[][] pi = new double[mdp.stateCount()][actions];
                for (int s = 0, c = code; s < n; s++, c /= actions) pi[s][c % actions] = 1;
                try {
                    best = Math.max(best, exact.values(pi).objective());
                } catch (EvalError e) {
                    // with gamma 1, this policy never ends from a state it reaches: J is not finite
                }
            }
            assertEquals(best, StateValues.optimum(mdp), 1e-9, mdpText);
        }
        // with a horizon the best policy may need to see the time step: no optimum is claimed
        assertEquals(Double.NaN, StateValues.optimum(Programs.mdp(Programs.check(Programs.NOISY_CHAIN))));
        assertEquals(-3, StateValues.optimum(Programs.mdp(Programs.check(Programs.corridor("")))), 1e-9);
    }
}
