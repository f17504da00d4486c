package dev.policygrad.train;

import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.files.OutputFiles;
import dev.policygrad.policy.Policy;
import dev.policygrad.render.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a training run leaves behind, each written atomically: the final parameters in the
 * format parameter files are read in ({@code parameters}), one metrics row per iteration as CSV
 * ({@code csv}), the learning curve as PNG or SVG ({@code plots}). Any may be null (or empty).
 */
public record TrainingOutputs(Path parameters, Path csv, List<Path> plots) {

    public TrainingOutputs {
        plots = List.copyOf(plots);
        for (Path plot : plots) {
            String name = plot.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".png") && !name.endsWith(".svg")) {
                throw new UsageError("a plot is written as a .png or .svg file, got " + plot);
            }
        }
    }

    /** Every path this run will write, the checkpoint and its metric rows included when not null. */
    public List<Path> all(Path checkpoint) {
        List<Path> all = new ArrayList<>(plots);
        if (checkpoint != null) {
            all.add(checkpoint);
            all.add(MetricLog.besideCheckpoint(checkpoint));
        }
        if (parameters != null) all.add(parameters);
        if (csv != null) all.add(csv);
        return all;
    }

    /**
     * Refuses, before any work, outputs that would lose something: two options naming one file (one
     * would replace the other), an output that cannot be written (the run's result would be lost at
     * the end), a {@code --checkpoint} that already holds another run's checkpoint (unless it is the
     * one resumed), and an output that would overwrite one of the program's files.
     */
    public void refuseToLoseAnything(List<Path> inputs, Path checkpoint, Path resume) {
        List<java.util.Map.Entry<String, Path>> named = new ArrayList<>();
        if (checkpoint != null) {
            named.add(java.util.Map.entry("--checkpoint", checkpoint));
            named.add(java.util.Map.entry("--checkpoint's metric rows", MetricLog.besideCheckpoint(checkpoint)));
        }
        if (parameters != null) named.add(java.util.Map.entry("--out", parameters));
        if (csv != null) named.add(java.util.Map.entry("--csv", csv));
        for (Path plot : plots) named.add(java.util.Map.entry("--plot", plot));
        OutputFiles.requireDistinct(named);
        for (java.util.Map.Entry<String, Path> e : named) OutputFiles.requireWritable(e.getKey(), e.getValue());
        if (checkpoint != null && Files.exists(checkpoint) && !sameFile(checkpoint, resume)) {
            throw new UsageError("--checkpoint " + checkpoint + " already exists; continue that run with --resume "
                    + checkpoint + ", or write this run's checkpoints to another file");
        }
        refuseToOverwrite(inputs, checkpoint);
    }

    private static boolean sameFile(Path a, Path b) {
        if (b == null) return false;
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Refuses, before any work, outputs that would overwrite one of the program's files. */
    public void refuseToOverwrite(List<Path> inputs, Path checkpoint) {
        for (Path output : all(checkpoint)) {
            for (Path input : inputs) {
                try {
                    if (Files.exists(output) && Files.isSameFile(output, input)) {
                        throw new UsageError("refusing to overwrite the input file " + input + " with an output");
                    }
                } catch (IOException e) {
                    throw new UsageError("cannot compare " + output + " with " + input + ": " + e.getMessage());
                }
            }
        }
    }

    /** Writes the outputs of a finished run. */
    public void write(Policy policy, Environment environment, TrainingRun run) {
        write(policy, environment, run, null);
    }

    /**
     * Writes the outputs of a finished run; the CSV starts with {@code record}'s lines and the plot's
     * title names the optimizer and learning rate.
     */
    public void write(Policy policy, Environment environment, TrainingRun run, RunRecord record) {
        try {
            if (parameters != null) {
                AtomicWrite.write(parameters, (Json.write(ParameterBlocks.of(policy.parameters(), run.theta())) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            MetricLog.Snapshot rows = run.log().snapshot();
            if (csv != null) {
                // the run's lines, then its rows as the log holds them: the CSV, copied a buffer at a time
                AtomicWrite.write(csv, out -> {
                    if (record != null) out.write(record.csvComments().getBytes(StandardCharsets.UTF_8));
                    rows.writeTo(out);
                });
            }
            String title = policy.name() + " on " + environment.name() + ": " + run.optimizer().state().kind()
                    + ", learning rate " + dev.policygrad.render.Text.number(run.optimizer().state().setting("learning_rate"), 6);
            for (Path plot : plots) {
                double optimum = environment instanceof dev.policygrad.env.FiniteMdp mdp
                        ? dev.policygrad.inspect.StateValues.optimum(mdp) : Double.NaN;
                AtomicWrite.write(plot, TrainingPlot.encode(rows, title, optimum, plot.getFileName().toString()));
            }
        } catch (IOException | RuntimeException e) {
            // the run is over: keep its result somewhere, and say where
            byte[] theta = (Json.write(ParameterBlocks.of(policy.parameters(), run.theta())) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            Path rescued = OutputFiles.rescue("policygrad-trained-", ".json", theta);
            throw new UsageError("cannot write the outputs: " + e.getMessage()
                    + (rescued == null ? "" : "; the trained parameters were written to " + rescued + " instead"));
        }
    }
}
