package dev.policygrad.cli;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.EstimatorChoice;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --estimator}, {@code --baseline}, GAE's {@code --lambda} and {@code --critic}, and
 * {@code --threads}: which gradient estimator, and on how many threads.
 */
final class EstimatorOptions {

    @Option(names = "--estimator", paramLabel = "E", defaultValue = "reward-to-go",
            description = "total-return (step 9), reward-to-go (step 11), missing-discount (step 11 without "
                    + "gamma^t, biased when gamma < 1), gae, or the name of an 'estimator' the files declare "
                    + "(default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--baseline", paramLabel = "B", defaultValue = "none",
            description = "none, mean (leave-one-out per step) or value (cross-fitted linear b(s)) (default: ${DEFAULT-VALUE}).")
    String baseline;

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "1",
            description = "GAE's lambda in [0, 1] (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--critic", paramLabel = "C", defaultValue = "linear",
            description = "GAE's critic: linear (cross-fitted linear value), exact (the true value; finite MDP with a "
                    + "horizon) or the name of a declared 'value' formula (default: ${DEFAULT-VALUE}).")
    String critic;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores); results do not depend on it.")
    Integer threads;

    /**
     * The estimator named, with its options; {@code --lambda} and {@code --critic} given for another
     * estimator than gae are usage errors. Whether the name is one the files declare is checked where
     * the program is at hand ({@link EstimatorChoice#requireValid}).
     */
    EstimatorChoice choice(ParseResult given) {
        if (!(lambda >= 0 && lambda <= 1)) throw new UsageError("--lambda must be in [0, 1], got " + lambda);
        if (!estimator.equals("gae")) {
            for (String option : new String[] {"--lambda", "--critic"}) {
                if (given.hasMatchedOption(option)) {
                    throw new UsageError(option + " applies to --estimator gae only (the estimator is " + estimator + ")");
                }
            }
        }
        return new EstimatorChoice(estimator, baseline, lambda, critic);
    }

    int threads() {
        if (threads != null && threads < 1) throw new UsageError("--threads must be at least 1, got " + threads);
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
