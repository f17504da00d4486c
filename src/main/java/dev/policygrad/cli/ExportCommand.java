package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.render.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad export FILE... --out FILE.json}: a finite MDP as explicit tables and the policy's
 * parameter values, so that any code can rebuild the same problem.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a finite MDP as explicit tables, with the policy's parameters, as JSON.")
final class ExportCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the JSON.")
    Path out;

    @Override
    protected int execute() {
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        Map<String, Object> document = workspace.export();
        AtomicWrite.write(out, (Json.write(document) + "\n").getBytes(StandardCharsets.UTF_8));
        err().println("wrote mdp " + workspace.task().name() + " and " + workspace.theta().length + " parameters to " + out);
        return 0;
    }
}
