package dev.policygrad.cli;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.render.Text;
import dev.policygrad.report.Report;
import dev.policygrad.report.ReportPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad report FILE... [--state V --action A] [--out report.html]}: one self-contained
 * HTML page to learn from: the policy and its score typeset, the computation graph, the tape stepped
 * through, the four-way gradient check and, with a task, J, the estimator's verification and the
 * derivation's proof table.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML page showing the policy, its graph, its tape and its checks.")
final class ReportCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--state", paramLabel = "VALUE", description = "The state s (needed when the policy reads one).")
    String state;

    @Option(names = "--action", paramLabel = "NAME", description = "The action a (default: the first action, or 0 for a real action).")
    String action;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html", description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    protected int execute() throws IOException {
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        PointOptions at = new PointOptions();
        at.state = state;
        ActionSpace space = workspace.policy().actions();
        at.action = action != null ? action : space.isVector() ? "[" + String.join(", ", Collections.nCopies(space.dimension(), "0")) + "]"
                : space.real() ? "0" : space.label(0);
        double[] s = at.state(workspace.program());
        double[] a = at.actionValues(workspace);
        List<String> names = new ArrayList<>();
        StringBuilder source = new StringBuilder();
        for (Path file : PolicyGrad.expand(inputs.files)) {
            names.add(file.toString());
            source.append("# ").append(file).append('\n').append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
        }
        String point = "theta = " + Text.inline(workspace.parameterNames(), workspace.theta())
                + (s.length > 0 ? ", s = " + state : "") + ", a = " + at.action;
        Report report = Report.build(workspace, s, a, String.join(" ", names), source.toString().strip(), point);
        if (out.getParent() != null && !Files.isDirectory(out.getParent())) throw new UsageError("no such directory: " + out.getParent());
        AtomicWrite.write(out, ReportPage.render(report).getBytes(StandardCharsets.UTF_8));
        out().println("wrote " + out);
        return 0;
    }
}
