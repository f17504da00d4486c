package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --set NAME=VALUE}, {@code --params FILE} and {@code --seed}: where theta comes from. */
final class ParameterOptions {

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "Set a parameter: a block (theta=[0.3,-0.2], k=0.8) or one element (W[1][3]=0.5). Repeatable.")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--params", paramLabel = "FILE", description = "Parameter values from a JSON object, e.g. {\"theta\": [0.3, -0.2]}.")
    Path paramsFile;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed for random initial values and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The seed's initial values, then the --params file, then each --set in order. */
    Workspace apply(Workspace workspace) {
        Workspace out = workspace.withSeed(seed);
        if (paramsFile != null) out = out.withParameters(paramsFile);
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) throw new UsageError("--set expects NAME=VALUE, got '" + assignment + "'");
            String name = assignment.substring(0, eq).trim();
            out = out.with(name, assignment.substring(eq + 1), "--set " + name);
        }
        return out;
    }
}
