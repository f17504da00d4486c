package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.parse.Parser;
import dev.policygrad.prove.ClaimTable;
import dev.policygrad.prove.ClaimVerdict;
import dev.policygrad.prove.Claims;
import dev.policygrad.prove.ProofFolders;
import java.nio.file.Path;
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
 * {@code policygrad prove FILE...}: the program's stated claims, each proved, refuted or checked
 * numerically ({@link Claims}), and, when it has a task, the policy gradient derivation, steps (1)-(11),
 * each checked exactly on its finite MDP (which needs a horizon) by enumerating every trajectory.
 * Folders are grouped into programs by {@link ProofFolders}. Exit 1 when a claim does not hold.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Check stated claims, and each step (1)-(11) of the policy gradient derivation exactly on a finite MDP with a horizon.")
final class ProveCommand extends BaseCommand {

    /** Tables fit a terminal this wide unless --wide is given. */
    private static final int WIDTH = 100;

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

    @Option(names = "--points", paramLabel = "N", defaultValue = "200",
            description = "Random points at which each claim's two sides are compared (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--wide", description = "Do not fit tables into 100 columns.")
    boolean wide;

    @Override
    protected int execute() {
        if (points < 1) throw new UsageError("--points must be at least 1, got " + points);
        List<List<Path>> programs = ProofFolders.programs(inputs.files);
        List<Object> json = new ArrayList<>();
        boolean holds = true;
        for (List<Path> files : programs) {
            if (programs.size() > 1 && !this.json) out().println("== " + String.join(" ", files.stream().map(Path::toString).toList()));
            Map<String, Object> result = new LinkedHashMap<>();
            if (programs.size() > 1) result.put("files", files.stream().map(Path::toString).toList());
            holds &= prove(files, result);
            json.add(result);
            if (programs.size() > 1 && !this.json) out().println();
        }
        if (this.json) out().println(Json.write(json.size() == 1 ? json.get(0) : json));
        return holds ? 0 : Main.CHECK_FAILED;
    }

    /** Checks one program's claims and, when it has a task, the derivation; whether everything holds. */
    private boolean prove(List<Path> files, Map<String, Object> result) {
        CheckedProgram program = Checker.check(Parser.parseFiles(files, sources));
        boolean hasTask = !program.environments().isEmpty() || environmentOption.name != null;
        if (program.claims().isEmpty() && !hasTask) {
            throw new UsageError(String.join(" ", files.stream().map(Path::toString).toList()) + " states no claim and "
                    + "declares no task: nothing to prove (write 'claim name: lhs = rhs', or give an mdp with a horizon)");
        }
        boolean holds = true;
        if (!program.claims().isEmpty()) {
            List<ClaimVerdict> verdicts = Claims.of(program, points, parameters.seed).check();
            holds = verdicts.stream().allMatch(ClaimVerdict::holds);
            if (json) result.put("stated_claims", verdicts);
            else out().print(ClaimTable.render(verdicts, wide ? Integer.MAX_VALUE : WIDTH));
        }
        if (hasTask) {
            if (!program.claims().isEmpty() && !json) out().println();
            holds &= derivation(program, result);
        }
        return holds;
    }

    private boolean derivation(CheckedProgram program, Map<String, Object> result) {
        Policy policy = Policy.of(program);
        Environment environment = environmentOption.build(program);
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("prove needs a finite MDP with a horizon (an 'mdp' block with a 'horizon N' line), "
                    + "but the environment '" + environment.name() + "' is not one: the derivation is checked by "
                    + "enumerating every trajectory with its probability");
        }
        DerivationReport report;
        try (ProgressBar bar = new ProgressBar(err())) {
            report = Derivation.of(mdp, policy, parameters.theta(policy.parameters()), bar).prove();
        }
        if (step != null) {
            report = report.only(step);
            if (report.claims().isEmpty()) {
                throw new UsageError("--step " + step + " matches no claim; give a step number 1-11, 'baseline' or "
                        + "'gamma'");
            }
        }
        if (json) result.putAll(toJson(report));
        else out().print(ProofTable.render(report, wide ? Integer.MAX_VALUE : WIDTH));
        return report.holds();
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
