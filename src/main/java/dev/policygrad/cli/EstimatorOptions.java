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

    /**
     * The built-in estimator named, for training; one the files declare ({@code estimator NAME = ...}) is
     * refused saying so, since training steps along the built-ins only (verify checks the declared ones).
     */
    Estimator estimator(dev.policygrad.Workspace workspace) {
        if (workspace.program().formulas() != null && workspace.program().formulas().estimators().containsKey(estimator)) {
            throw new dev.policygrad.diag.UsageError("--estimator " + estimator + " is an estimator the files declare: "
                    + "verify checks it, but train steps along the built-in ones only (total-return, reward-to-go or "
                    + "missing-discount)");
        }
        return new Estimator(EstimatorKind.of(estimator), BaselineKind.of(baseline));
    }

    int threads() {
        if (threads != null && threads < 1) {
            throw new dev.policygrad.diag.UsageError("--threads must be at least 1, got " + threads);
        }
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
