package dev.policygrad.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ad.Backend;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.Environment;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole REINFORCE batches (sampling, scoring, formula environments stepping on tapes) give the same
 * per-episode estimates, bit for bit, on the interpreter and on compiled code, on one thread and on
 * two: the compiled backend draws from the same random streams in the same order.
 */
class BackendRolloutTest {

    private static final String CARTPOLE = """
            state s[4]
            action a in {left, right}
            param W[2][4] = [[0, 0, -1, -1], [0, 0, 1, 1]]
            param b[2] = [0.1, -0.1]
            policy pi(a | s) = categorical(logits = W @ s + b)
            env cartpole
            """;

    private static final String GAUSSIAN = """
            state s[2]
            action a : real
            param k[2] = [0.4, -0.2]
            param log_std = -0.5
            policy pi(a | s) = normal(mean = -(k @ s), std = exp(log_std))
            env drift {
              gamma 0.95
              horizon 30
              start = [uniform(-0.5, 0.5), normal(0, 0.1)]
              next = [s[0] + 0.1 * s[1], s[1] + 0.1 * (a - sin(s[0])) + normal(0, 0.05)]
              reward = -(s[0] ^ 2 + 0.1 * a ^ 2)
              done = abs(s[0]) > 2
            }
            """;

    private static final String BERNOULLI = """
            state s[3]
            action a in {stay, go}
            param w[3] = [0.5, -0.3, 0.2]
            param W1[4][3] = [[0.1, 0.2, -0.1], [0.3, -0.2, 0.1], [-0.1, 0.1, 0.2], [0.2, 0.1, -0.3]]
            param w2[4] = [0.5, -0.5, 0.3, 0.1]
            policy pi(a | s) = bernoulli(logit = w2 @ tanh(W1 @ s) + w @ s)
            env chain {
              horizon 20
              start = [0, uniform(0, 1), 1]
              next = [s[0] + a, s[1] * 0.9 + 0.1 * a, s[2] - 0.05]
              reward = a * s[1] - 0.1
              done = s[0] >= 6
            }
            """;

    private static final String PROBABILITIES = """
            state s[2]
            action a in 0..2
            param theta[3] = [0.2, -0.1, 0.4]
            policy pi(a | s) = categorical(probs = softmax(theta * s[0] + s[1]))
            env line {
              horizon 15
              start = [normal(0, 1), 0.5]
              next = [s[0] + 0.1 * (a - 1), s[1]]
              reward = -abs(s[0])
            }
            """;

    /** A vector action a[2]: a diagonal Gaussian in a formula environment reading a[0], a[1] and a as a vector. */
    private static final String DIAGONAL = """
            state s[4]
            action a[2] : real
            param W[2][4] = [[-0.5, 0.1, -0.5, 0], [0, -0.5, 0.2, -0.5]]
            param log_std[2] = [-0.5, -0.3]
            policy pi(a | s) = normal(mean = W @ s, std = exp(log_std))
            env plane {
              gamma 0.95
              horizon 25
              start = [uniform(-1, 1), uniform(-1, 1), 0, 0]
              next = [s[0] + 0.1 * s[2], s[1] + 0.1 * s[3], s[2] + 0.1 * a[0] + normal(0, 0.01),
                      s[3] + 0.1 * a[1] + normal(0, 0.01)]
              reward = -(s[0] ^ 2 + s[1] ^ 2) - 0.01 * sum(a ^ 2)
              done = s[0] ^ 2 + s[1] ^ 2 > 4
            }
            """;

    @Test
    void everyPolicyKindRollsOutIdenticallyOnBothBackends() {
        for (String text : List.of(CARTPOLE, GAUSSIAN, BERNOULLI, PROBABILITIES, DIAGONAL,
                DIAGONAL.replace("normal(mean", "tanh_normal(mean"))) {
            Estimate reference = run(text, Backend.INTERPRETER, 1);
            assertTrue(reference.steps() > reference.episodes(), "episodes of several steps");
            for (Backend backend : Backend.values()) {
                for (int threads : new int[] {1, 2}) {
                    Estimate other = run(text, backend, threads);
                    assertEquals(reference.steps(), other.steps());
                    // the moments of every episode's estimate, bit for bit (rows are not kept)
                    assertEquals(reference.statistics(), other.statistics(),
                            backend.label() + " on " + threads + " threads: " + Arrays.toString(reference.mean())
                                    + " vs " + Arrays.toString(other.mean()));
                }
            }
        }
    }

    /** A fresh policy and environment (so no worker or tape is reused) on the given backend. */
    private static Estimate run(String text, Backend backend, int threads) {
        Backend before = Backend.preferred();
        Backend.prefer(backend);
        try {
            CheckedProgram program = Checker.check(Parser.parse("test.pg", text));
            Policy policy = Policy.of(program);
            Environment environment = program.environment();
            Estimator estimator = new Estimator(EstimatorKind.REWARD_TO_GO, BaselineKind.MEAN);
            return estimator.estimate(policy, environment, policy.initialParameters(3), new Batch(40, 11, threads));
        } finally {
            Backend.prefer(before);
        }
    }
}
