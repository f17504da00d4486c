package dev.policygrad.cli;

import dev.policygrad.render.Json;
import dev.policygrad.diag.UsageError;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.prove.ProofTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad prove FILE...}: the policy gradient derivation, steps (1)-(11) of docs/derivation.md, each
 * checked exactly on the program's finite MDP (which needs a horizon) by enumerating every trajectory.
 * Exit 1 when a claim does not hold.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Check each step (1)-(11) of the policy gradient derivation exactly, on a finite MDP with a horizon.")
final class ProveCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--step", paramLabel = "S", description = "Only the claims about step S: a number 1-11 "
            + "(a claim such as (1)=(5) covers 1 to 5), 'baseline' or 'gamma'.")
    String step;

    @Option(names = "--json", description = "Print the report as JSON: the setting and one object per claim.")
    boolean json;

    @Override
    protected int execute() {
        DerivationReport report = environmentOption.select(parameters.apply(load(inputs))).prove();
        if (step != null) {
            report = report.only(step);
            if (report.claims().isEmpty()) {
                throw new UsageError("--step " + step + " matches no claim; give a step number 1-11, 'baseline' or "
                        + "'gamma'");
            }
        }
        out().print(json ? Json.write(report.json()) + "\n" : ProofTable.render(report));
        return report.holds() ? 0 : Main.CHECK_FAILED;
    }
}
