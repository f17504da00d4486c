package dev.policygrad.train;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.env.Environment;
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
        Workspace workspace = PolicyGrad.load(Arrays.stream(files).map(Path::of).toArray(Path[]::new));
        return new Examples(workspace.policy(), workspace.task());
    }
}
