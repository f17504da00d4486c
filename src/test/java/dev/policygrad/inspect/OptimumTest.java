package dev.policygrad.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.Programs;
import org.junit.jupiter.api.Test;

/** The best J of any policy by value iteration, against the best of every deterministic policy's exact J. */
class OptimumTest {

    @Test
    void valueIterationFindsTheBestDeterministicPolicy() {
        for (String mdpText : new String[] {Programs.NOISY_CHAIN.replace("horizon 6", ""), Programs.corridor("")}) {
            FiniteMdp mdp = Programs.mdp(Programs.check(mdpText));
            int n = mdp.nonTerminalCount(), actions = mdp.actionCount();
            double best = Double.NEGATIVE_INFINITY;
            int policies = (int) Math.pow(actions, n);
            for (int code = 0; code < policies; code++) {
                double[][] pi = new double[mdp.stateCount()][actions];
                for (int s = 0, c = code; s < n; s++, c /= actions) pi[s][c % actions] = 1;
                double[] v = StateValues.of(mdp, pi);
                double j = 0;
                boolean finite = true;
                for (int s = 0; s < mdp.stateCount(); s++) {
                    if (mdp.startProbability(s) == 0) continue;
                    finite &= !Double.isNaN(v[s]);
                    j += mdp.startProbability(s) * v[s];
                }
                if (finite) best = Math.max(best, j);
            }
            assertEquals(best, StateValues.optimum(mdp), 1e-9, mdpText);
        }
        // with a horizon the best policy may need to see the time step: no optimum is claimed
        assertEquals(Double.NaN, StateValues.optimum(Programs.mdp(Programs.check(Programs.NOISY_CHAIN))));
        assertEquals(-3, StateValues.optimum(Programs.mdp(Programs.check(Programs.corridor("")))), 1e-9);
    }
}
