package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import dev.policygrad.prove.Claim;
import dev.policygrad.prove.Derivation;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.prove.ProofTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad prove FILE...}: the policy gradient derivation, steps (1)-(11) of the seed, each
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
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        Environment environment = environmentOption.build(program);
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("prove needs a finite MDP with a horizon (an 'mdp' block with a 'horizon N' line), "
                    + "but the environment '" + environment.name() + "' is not one: the derivation is checked by "
                    + "enumerating every trajectory with its probability");
        }
        DerivationReport report = Derivation.of(mdp, policy, parameters.theta(policy.parameters())).prove();
        if (step != null) {
            report = report.only(step);
            if (report.claims().isEmpty()) {
                throw new UsageError("--step " + step + " matches no claim; give a step number 1-11, 'baseline' or "
                        + "'gamma'");
            }
        }
        out().print(json ? Json.write(toJson(report)) + "\n" : ProofTable.render(report));
        return report.holds() ? 0 : Main.CHECK_FAILED;
    }

    private static Map<String, Object> toJson(DerivationReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mdp", report.mdp());
        out.put("policy", report.policy());
        out.put("gamma", report.gamma());
        out.put("horizon", report.horizon());
        out.put("trajectories", report.trajectoryCount());
        out.put("J", report.objective());
        out.put("theta", Json.named(report.parameterNames(), report.theta()));
        out.put("holds", report.holds());
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Claim c : report.claims()) {
            Map<String, Object> claim = new LinkedHashMap<>();
            claim.put("steps", c.steps());
            claim.put("statement", c.statement());
            claim.put("lhs", c.lhs());
            claim.put("rhs", c.rhs());
            claim.put("difference", c.difference());
            claim.put("tolerance", c.tolerance());
            claim.put("relation", c.relation().symbol());
            claim.put("holds", c.holds());
            claim.put("detail", c.detail());
            claims.add(claim);
        }
        out.put("claims", claims);
        return out;
    }
}
