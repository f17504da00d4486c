package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.render.Json;
import dev.policygrad.ad.Trace;
import dev.policygrad.ad.TraceDot;
import dev.policygrad.ad.TraceText;
import dev.policygrad.diag.UsageError;
import dev.policygrad.policy.SymbolicGradient;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad derive FILE...}: log pi and its derivative with respect to each parameter
 * block, derived symbolically and simplified; {@code --trace} shows the reverse-mode tape instead,
 * row by row, with values from the forward sweep, local partials, adjoints from the backward sweep and
 * the order in which that sweep visits the rows.
 */
@Command(name = "derive", mixinStandardHelpOptions = true,
        description = "Print d log pi / d theta symbolically, or the reverse-mode tape with --trace.")
final class DeriveCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--latex", description = "Print LaTeX instead of plain text (not with --trace or --dot).")
    boolean latex;

    @Option(names = "--json", description = "Print JSON (not with --trace or --dot).")
    boolean json;

    @Option(names = "--trace", description = "Show the tape at a point (needs --action, and --state when the policy reads one).")
    boolean trace;

    @Option(names = "--dot", paramLabel = "FILE",
            description = "Write the computation graph at the point in Graphviz format (and FILE.png, FILE.svg when 'dot' is installed).")
    Path dot;

    @Option(names = "--digits", paramLabel = "N", defaultValue = "6",
            description = "Significant digits of the numbers in --trace (default: ${DEFAULT-VALUE}).")
    int digits;

    @Option(names = "--width", paramLabel = "N", defaultValue = "" + TraceText.DEFAULT_WIDTH,
            description = "Characters a vector may take in --trace before it is elided (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--expand", description = "With --dot: show vectors whole instead of collapsed.")
    boolean expand;

    @ArgGroup(exclusive = false)
    Point point;

    static final class Point {
        @Option(names = "--state", paramLabel = "VALUE", description = "The state s.")
        String state;

        @Option(names = "--action", paramLabel = "NAME", description = "The action a.")
        String action;
    }

    @Override
    protected int execute() throws IOException {
        refuseIgnoredFormats();
        Workspace workspace = load(inputs);
        if (trace || dot != null) return trace(workspace);
        SymbolicGradient gradient = workspace.derivative();
        if (json) {
            out().println(Json.write(gradient.json()));
        } else {
            out().println(latex ? gradient.latex() : gradient.infix());
        }
        return 0;
    }

    /**
     * --json and --latex format the symbolic derivative; the tape of --trace is only a text table and
     * --dot writes Graphviz, so either with --json or --latex is a usage error rather than a silently
     * ignored option.
     */
    private void refuseIgnoredFormats() {
        String tape = trace ? "--trace" : dot != null ? "--dot" : null;
        String format = json ? "--json" : latex ? "--latex" : null;
        if (tape == null || format == null) return;
        throw new UsageError(tape + " and " + format + " cannot be combined: " + format + " formats the symbolic "
                + "derivative, while " + (trace ? "--trace prints the tape as a text table only"
                        : "--dot writes the graph in Graphviz format only")
                + "; leave out one of them");
    }

    private int trace(Workspace loaded) throws IOException {
        if (point == null || point.action == null) {
            throw new UsageError("--trace and --dot evaluate the tape at a point: give --action (and --state)");
        }
        PointOptions at = new PointOptions();
        at.state = point.state;
        at.action = point.action;
        Workspace workspace = parameters.apply(loaded);
        Trace table = workspace.trace(at.state(workspace.program()), at.actionValues(workspace));
        if (digits < 1 || digits > 17) throw new UsageError("--digits must lie in 1..17, got " + digits);
        if (width < 8) throw new UsageError("--width must be at least 8, got " + width);
        if (dot != null) Graphviz.write(TraceDot.render(table, !expand), dot, err());
        if (trace) out().print(TraceText.render(table, digits, width));
        else out().println("wrote " + dot);
        return 0;
    }
}
