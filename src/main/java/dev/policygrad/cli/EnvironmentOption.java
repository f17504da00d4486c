package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.Environment;
import dev.policygrad.env.Environments;
import picocli.CommandLine.Option;

/** {@code --env NAME}: which of the declared environments the policy acts in. */
final class EnvironmentOption {

    @Option(names = "--env", paramLabel = "NAME", description = "The environment to use when several are declared.")
    String name;

    Environment build(CheckedProgram program) {
        return name == null ? program.environment() : program.environment(name);
    }
}
