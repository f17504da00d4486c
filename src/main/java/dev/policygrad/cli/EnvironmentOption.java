package dev.policygrad.cli;

import dev.policygrad.Workspace;
import picocli.CommandLine.Option;

/** {@code --env NAME}: which of the declared environments the policy acts in. */
final class EnvironmentOption {

    @Option(names = "--env", paramLabel = "NAME", description = "The environment to use when several are declared.")
    String name;

    Workspace select(Workspace workspace) {
        return name == null ? workspace : workspace.onTask(name);
    }
}
