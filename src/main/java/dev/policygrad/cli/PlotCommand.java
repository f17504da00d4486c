package dev.policygrad.cli;

import dev.policygrad.diag.UsageError;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.inspect.Charts;
import dev.policygrad.train.MetricsFile;
import dev.policygrad.train.RunComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policygrad plot RUN.csv... [--out F.png] [--metric M]}: several runs' metrics on one chart,
 * seeds of one configuration as a mean with a band. A thin layer over {@link RunComparison}.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Overlay the metrics CSV files of several runs (train --csv): runs that differ only in the seed "
                + "are drawn as their mean with a band of one standard error, each curve labelled by its settings.")
final class PlotCommand extends BaseCommand {

    @Parameters(paramLabel = "RUN.csv", arity = "1..*", description = "Metrics files written by train --csv.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs.png",
            description = "The chart, .png or .svg (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--metric", paramLabel = "M",
            defaultValue = "mean_return",
            description = "The column to plot: mean_return (default), exact_J, gradient_norm, ...")
    String metric;

    @Override
    protected int execute() throws Exception {
        List<MetricsFile> runs = new ArrayList<>();
        java.util.Map<Path, Path> seen = new java.util.HashMap<>();
        for (Path f : files) {
            Path first = seen.putIfAbsent(resolved(f), f);
            if (first != null) {
                throw new UsageError("the run " + f + " is given twice" + (first.equals(f) ? "" : " (also as " + first + ")")
                        + ": a run averaged with itself is not two seeds");
            }
        }
        for (Path f : files) {
            sources.addFile(f.toString(), f);
            runs.add(MetricsFile.read(f));
        }
        String column = metric != null ? metric : "mean_return";
        for (MetricsFile r : runs) r.column(column);
        if (files.contains(out)) throw new UsageError("refusing to overwrite the input file " + out + " with the chart");
        AtomicWrite.write(out, Charts.encode(RunComparison.chart(runs, column), out.toString(), "--out"));
        List<RunComparison.Group> groups = RunComparison.groups(runs);
        out().println(column + " of " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " in " + groups.size()
                + " configuration" + (groups.size() == 1 ? "" : "s") + " -> " + out);
        for (RunComparison.Group g : groups) out().println("  " + g.label());
        return 0;
    }

    /** The file {@code f} names: its real path when it exists, else its absolute, normalized path. */
    private static Path resolved(Path f) {
        try {
            return f.toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            return f.toAbsolutePath().normalize();
        }
    }
}
