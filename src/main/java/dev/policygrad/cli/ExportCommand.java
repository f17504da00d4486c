package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.env.MdpExport;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.policy.Policy;
import dev.policygrad.train.ParameterBlocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        Environment environment = environmentOption.build(program);
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("export writes a finite MDP's tables; " + environment.name() + " is not a finite MDP");
        }
        double[] theta = parameters.theta(policy.parameters());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("mdp", MdpExport.tables(mdp));
        Map<String, Object> policyPart = new LinkedHashMap<>();
        policyPart.put("name", policy.name());
        policyPart.put("parameters", ParameterBlocks.of(policy.parameters(), theta));
        policyPart.put("parameter_names", policy.parameterNames());
        policyPart.put("theta", theta);
        document.put("policy", policyPart);
        try {
            AtomicWrite.write(out, (Json.write(document) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UsageError("cannot write " + out + ": " + e.getMessage());
        }
        err().println("wrote mdp " + mdp.name() + " and " + theta.length + " parameters to " + out);
        return 0;
    }
}
