package dev.policygrad.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.ad.ExprPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claims checked through the workspace, against values known in closed form. */
class ClaimsTest {

    private static final String POLICY = """
            action a in 1..3
            param theta[3] = [0.1, 0.2, 0.3]
            policy pi(a | s) = categorical(logits = theta)
            """;

    /** Integer actions from 1: the printed log pi reads back with the action's index, not its value. */
    @Test
    void printedFormsOfARangeFromOneReadBack() {
        Workspace policy = PolicyGrad.parse("range.pg", POLICY);
        String printed = ExprPrinter.infix(policy.policy().logPiExpression());
        String score = ExprPrinter.infix(policy.derivative().blocks().get("theta"));
        Workspace claims = PolicyGrad.parse("range.pg", POLICY
                + "claim log_pi_reads_back: " + printed + " = log(softmax(theta)[a - 1])\n"
                + "claim score_reads_back: " + score + " = grad(theta, log(softmax(theta)[a - 1]))\n");
        List<ClaimVerdict> verdicts = claims.claims(50);
        for (ClaimVerdict v : verdicts) assertTrue(v.holds(), v.toString());
        assertEquals(ClaimVerdict.Kind.PROVED, verdicts.get(1).kind(), verdicts.get(1).toString());
    }

    /** A claim that is false only away from zero is still refuted, at a random point. */
    @Test
    void aClaimFalseOnlyAwayFromZeroIsRefuted() {
        Workspace w = PolicyGrad.parse("w.pg", "param w\nclaim odd: sin(w) = w\n");
        ClaimVerdict v = w.claims(20).get(0);
        assertEquals(ClaimVerdict.Kind.REFUTED, v.kind());
        double x = v.counterexample().parameterValues()[0];
        assertEquals(Math.sin(x), v.counterexample().lhs()[0], 0);
        assertEquals(x, v.counterexample().rhs()[0], 0);
    }

    @Test
    void outsideTheDomainPointsAreSkippedAndCounted() {
        Workspace w = PolicyGrad.parse("w.pg", "param w\nclaim root: sqrt(w) ^ 2 = w\n");
        ClaimVerdict v = w.claims(200).get(0);
        assertEquals(ClaimVerdict.Kind.HOLDS_NUMERICALLY, v.kind(), v.toString());
        assertTrue(v.skipped() > 50 && v.skipped() < 150, v.toString());
        assertEquals(200, v.points() + v.skipped());
    }

    /** The enumeration reports its progress in order, up to twice the number of trajectories. */
    @Test
    void derivationReportsProgress() {
        Workspace w = PolicyGrad.load(java.nio.file.Path.of("proofs/corridor-horizon"));
        long[] last = {-1, 0};
        DerivationReport report = w.prove((done, total) -> {
            assertTrue(done > last[0] && done < total, done + " of " + total);
            last[0] = done;
            last[1] = total;
        });
        assertEquals(2L * report.trajectoryCount(), last[1]);
        assertEquals(last[1] - 1, last[0]);
    }
}
