package dev.policygrad.cli;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.prove.ClaimTable;
import dev.policygrad.prove.ClaimVerdict;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.prove.ProofFolders;
import dev.policygrad.prove.ProofTable;
import dev.policygrad.render.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policygrad prove FILE...}: the program's stated claims, each proved, refuted or checked
 * numerically, and, when it has a task, the policy gradient derivation, steps (1)-(11) of docs/derivation.md, each checked
 * exactly on its finite MDP (which needs a horizon) by enumerating every trajectory. Folders are
 * grouped into programs by {@link ProofFolders}. Exit 1 when a claim does not hold.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Check stated claims, and each step (1)-(11) of the policy gradient derivation exactly on a finite MDP with a horizon.")
final class ProveCommand extends BaseCommand {

    /**
     * Not {@link Inputs}: other commands read all their files as one program, prove checks each folder's
     * programs apart ({@link ProofFolders}).
     */
    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Program files (.pg), proved together as one program. A directory is proved apart from them: "
                    + "its .pg files as one program (or each file alone when every one states a claim), and each of its "
                    + "subdirectories the same way. A file may be reached only once.")
    List<Path> files = new ArrayList<>();

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
            description = "Random points at which each stated claim's two sides are compared, at most 100000 (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--wide", description = "Do not fit tables into 100 columns.")
    boolean wide;

    @Override
    protected int execute() {
        if (points < 1 || points > dev.policygrad.policy.ScoreCheck.MAX_POINTS) {
            throw new UsageError("--points must be between 1 and " + dev.policygrad.policy.ScoreCheck.MAX_POINTS
                    + ", got " + points);
        }
        List<List<Path>> programs = ProofFolders.programs(files);
        List<Object> results = new ArrayList<>();
        boolean holds = true;
        for (List<Path> files : programs) {
            List<String> names = files.stream().map(Path::toString).toList();
            if (programs.size() > 1 && !json) out().println("== " + String.join(" ", names));
            Map<String, Object> result = new LinkedHashMap<>();
            if (programs.size() > 1) result.put("files", names);
            holds &= prove(files, result);
            results.add(result);
            if (programs.size() > 1 && !json) out().println();
        }
        if (json) out().println(Json.write(results.size() == 1 ? results.get(0) : results));
        return holds ? 0 : Main.CHECK_FAILED;
    }

    /** Checks one program's claims and, when it has a task, the derivation; whether everything holds. */
    private boolean prove(List<Path> files, Map<String, Object> result) {
        Workspace workspace = PolicyGrad.load(files, sources);
        for (String warning : workspace.warnings()) err().println(warning);
        workspace = environmentOption.select(parameters.apply(workspace));
        boolean hasTask = !workspace.program().declaredEnvironments().isEmpty() || environmentOption.name != null;
        if (workspace.program().claims().isEmpty() && !hasTask) {
            throw new UsageError(String.join(" ", files.stream().map(Path::toString).toList()) + " states no claim and "
                    + "declares no task: nothing to prove (write 'claim name: lhs = rhs', or give an mdp with a horizon)");
        }
        boolean holds = true;
        if (!workspace.program().claims().isEmpty()) {
            List<ClaimVerdict> verdicts = workspace.claims(points);
            holds = verdicts.stream().allMatch(ClaimVerdict::holds);
            if (json) result.put("stated_claims", verdicts);
            else out().print(ClaimTable.render(verdicts, wide ? Integer.MAX_VALUE : ProofTable.WIDTH));
        }
        if (hasTask) {
            if (!workspace.program().claims().isEmpty() && !json) out().println();
            DerivationReport report;
            try (DelayedBar bar = new DelayedBar("prove", 0, "steps")) {
                report = workspace.prove(bar);
            }
            if (step != null) {
                report = report.only(step);
                if (report.claims().isEmpty()) {
                    throw new UsageError("--step " + step + " matches no claim; give a step number 1-11, 'baseline' or "
                            + "'gamma'");
                }
            }
            if (json) result.putAll(report.json());
            else out().print(ProofTable.render(report, wide ? Integer.MAX_VALUE : ProofTable.WIDTH));
            holds &= report.holds();
        }
        return holds;
    }
}
