package dev.policygrad.cli;

import dev.policygrad.diag.UsageError;
import dev.policygrad.rollout.Engines;
import dev.policygrad.rollout.RolloutEngine;
import picocli.CommandLine.Option;

/** {@code --engine local|spark} and {@code --master URL}: where episodes are played. */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "E", defaultValue = "local",
            description = "local (threads of this process) or spark (Apache Spark, see --master); results are "
                    + "identical (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "The Spark master for --engine spark: local[N], local[*] or spark://HOST:PORT "
                    + "(default: ${DEFAULT-VALUE}).")
    String master;

    /** The engine asked for; {@code threads} is the local engine's thread count. */
    RolloutEngine open(int threads) {
        switch (engine) {
            case "local": return Engines.local(threads);
            case "spark": return Engines.spark(master);
            default: throw new UsageError("--engine must be local or spark, got '" + engine + "'");
        }
    }
}
