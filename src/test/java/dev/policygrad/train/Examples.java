package dev.policygrad.train;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.diag.Sources;
import dev.policygrad.env.Environment;
import dev.policygrad.env.Environments;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.nio.file.Path;
import java.util.Arrays;

/** The programs of {@code examples/}, loaded as the command line loads them. */
record Examples(Policy policy, Environment environment) {

    static Examples shortCorridor() {
        return load("examples/short-corridor/corridor.pg", "examples/short-corridor/policy.pg");
    }

    static Examples cartPoleLinear() {
        return load("examples/cartpole/env.pg", "examples/cartpole/linear/policy.pg");
    }

    private static Examples load(String... files) {
        CheckedProgram program = Checker.check(Parser.parseFiles(Arrays.stream(files).map(Path::of).toList(),
                new Sources()));
        return new Examples(Policy.of(program), program.environment());
    }
}
