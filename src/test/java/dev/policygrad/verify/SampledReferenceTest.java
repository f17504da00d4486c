package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.Programs;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.objective.SampledDifferences;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import org.junit.jupiter.api.Test;

/**
 * Which sampled reference a task without an exact J gets. Continuous actions in episodes of fixed
 * length: common random numbers at a small step, each episode smooth in theta. Where a formula's
 * 'done' can end an episode a step sooner, the return jumps between theta +- h on rare streams, so a
 * small step's differences are heavy-tailed and their error unreliable: those tasks get
 * {@link SampledDifferences}, whose step of 0.05 sees the jumps often enough for its pilot to measure.
 */
class SampledReferenceTest {

    private static final String POLICY = """
            state s[2]
            action a : real
            param k[2] = [0.4, -0.2]
            param log_std = -0.5
            policy pi(a | s) = normal(mean = -(k @ s), std = exp(log_std))
            """;

    private static String drift(String done) {
        return POLICY + """
                env drift {
                  gamma 0.95
                  horizon 30
                  start = [uniform(-0.5, 0.5), normal(0, 0.1)]
                  next = [s[0] + 0.1 * s[1], s[1] + 0.1 * (a - sin(s[0])) + normal(0, 0.05)]
                  reward = -(s[0] ^ 2 + 0.1 * a ^ 2)
                """ + done + "}\n";
    }

    private static Reference reference(String text) {
        CheckedProgram program = Programs.check(text);
        Task task = Task.of(Policy.of(program), program.environment());
        VerificationSettings settings = new VerificationSettings(Estimator.of(EstimatorKind.REWARD_TO_GO), 400, 3, 2,
                false, Verification.DEFAULT_ALPHA);
        return References.of(task, new double[] {0.4, -0.2, -0.5}, settings, 0.05, new Rollouts(2));
    }

    @Test
    void fixedLengthEpisodesUseCommonRandomNumbersAtASmallStep() {
        Reference r = reference(drift(""));
        assertTrue(r.method().contains("common random numbers (h = 1.0E-4"), r.method());
        assertEquals(3, r.standardErrors().length);
    }

    @Test
    void episodesThatDoneCanEndGetThePilotedReference() {
        Reference r = reference(drift("  done = abs(s[0]) > 0.6\n"));
        assertTrue(r.method().contains("central differences of J at theta +- h e_i (h = " + SampledDifferences.RELATIVE_STEP),
                r.method());
        assertTrue(r.note().contains("target standard error"), r.note());
    }
}
