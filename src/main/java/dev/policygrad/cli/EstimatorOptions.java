package dev.policygrad.cli;

import dev.policygrad.estimate.BaselineKind;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import picocli.CommandLine.Option;

/** {@code --estimator}, {@code --baseline} and {@code --threads}: which REINFORCE estimator, and on how many threads. */
final class EstimatorOptions {

    @Option(names = "--estimator", paramLabel = "E", defaultValue = "reward-to-go",
            description = "total-return (step 9), reward-to-go (step 11) or missing-discount (step 11 without "
                    + "gamma^t, biased when gamma < 1) (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--baseline", paramLabel = "B", defaultValue = "none",
            description = "none, mean (leave-one-out per step) or value (cross-fitted linear b(s)) (default: ${DEFAULT-VALUE}).")
    String baseline;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores); results do not depend on it.")
    Integer threads;

    Estimator estimator() {
        return new Estimator(EstimatorKind.of(estimator), BaselineKind.of(baseline));
    }

    int threads() {
        if (threads != null && threads < 1) {
            throw new dev.policygrad.diag.UsageError("--threads must be at least 1, got " + threads);
        }
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
