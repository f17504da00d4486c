package dev.policygrad.cli;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.policy.Policy;
import dev.policygrad.files.AtomicWrite;
import dev.policygrad.files.OutputFiles;
import dev.policygrad.train.RunFingerprint;
import dev.policygrad.train.Checkpoint;
import dev.policygrad.train.Checkpoints;
import dev.policygrad.train.Metrics;
import dev.policygrad.train.MetricRow;
import dev.policygrad.train.Optimizer;
import dev.policygrad.train.ParameterBlocks;
import dev.policygrad.train.Trainer;
import dev.policygrad.train.TrainingPlot;
import dev.policygrad.train.TrainingRun;
import dev.policygrad.train.TrainingSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad train FILE...}: gradient ascent on J with a REINFORCE estimate (or the exact
 * gradient of a finite MDP), with checkpoints that resume bit-for-bit, a metrics CSV, a plot, and the
 * final parameters in the {@code --params} format. A thin layer over {@link Trainer}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the policy's parameters by gradient ascent on J (REINFORCE, or the exact gradient).")
final class TrainCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "100",
            description = "Total iterations of the run, counting those of a resumed checkpoint (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "100",
            description = "Episodes per iteration (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--optimizer", paramLabel = "O", defaultValue = "adam",
            description = "sgd (theta += lr g) or adam (Kingma & Ba 2015) (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--exact-gradient", description = "Train with the exact gradient of J (finite MDPs) instead of an estimate.")
    boolean exactGradient;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Write a checkpoint here every K iterations and at the end.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "10",
            description = "Iterations between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue the run saved in this checkpoint.")
    Path resume;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the final parameters as JSON, readable by --params.")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row of metrics per iteration as CSV.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "Plot the learning curve to a .png or .svg file (repeatable).")
    List<Path> plots = new ArrayList<>();

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    protected int execute() {
        if (iterations < 1) throw new UsageError("--iterations must be at least 1, got " + iterations);
        if (checkpointEvery < 1) throw new UsageError("--checkpoint-every must be at least 1, got " + checkpointEvery);
        for (Path plot : plots) {
            String name = plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!name.endsWith(".png") && !name.endsWith(".svg")) {
                throw new UsageError("--plot writes .png or .svg files, got " + plot);
            }
        }
        List<Path> files = inputs.expanded();
        for (Path output : outputs()) refuseToOverwrite(output, files);
        List<Map.Entry<String, Path>> named = namedOutputs();
        OutputFiles.requireDistinct(named);
        for (Map.Entry<String, Path> e : named) OutputFiles.requireWritable(e.getKey(), e.getValue());
        if (checkpoint != null && Files.exists(checkpoint) && !sameFile(checkpoint, resume)) {
            throw new UsageError("--checkpoint " + checkpoint + " already exists; continue that run with --resume "
                    + checkpoint + ", or write this run's checkpoints to another file");
        }
        CheckedProgram program = inputs.check(sources);
        Policy policy = Policy.of(program);
        Environment environment = environmentOption.build(program);
        fingerprint = RunFingerprint.of(policy.name(), environment.name(), policy.parameters(), files);
        int threadCount = estimatorOptions.threads();
        Trainer trainer;
        TrainingRun run;
        if (resume != null) {
            Checkpoint saved = Checkpoints.read(resume);
            RunFingerprint made = Checkpoints.belongsTo(resume);
            List<String> differences = made == null ? List.of() : made.differences(fingerprint);
            if (!differences.isEmpty()) {
                throw new UsageError("the checkpoint " + resume + " belongs to another run: it was made for "
                        + String.join(", ", differences));
            }
            checkResumable(saved);
            trainer = new Trainer(policy, environment, saved.settings(threadCount));
            run = trainer.resume(saved);
        } else {
            Estimator chosen = estimatorOptions.estimator();
            trainer = new Trainer(policy, environment,
                    new TrainingSettings(chosen, exactGradient, episodes, parameters.seed, threadCount));
            run = trainer.start(parameters.theta(policy.parameters()), Optimizer.of(optimizer, learningRate));
        }
        double startJ = trainer.exactObjective(run.theta());
        List<String> names = files.stream().map(Path::toString).toList();
        // on SIGTERM or Ctrl-C the JVM runs shutdown hooks: write the last completed iteration then
        java.util.concurrent.atomic.AtomicReference<Checkpoint> latest = new java.util.concurrent.atomic.AtomicReference<>();
        Thread onSignal = new Thread(() -> {
            Checkpoint last = latest.get();
            if (checkpoint != null && last != null) writeCheckpointQuietly(last);
        }, "final-checkpoint");
        if (checkpoint != null) Runtime.getRuntime().addShutdownHook(onSignal);
        try (ProgressBar bar = progressBar(run.iteration())) {
            trainer.train(run, iterations, (row, current) -> {
                if (bar != null) {
                    bar.stepTo(row.iteration());
                    bar.setExtraMessage("mean return " + String.format(java.util.Locale.ROOT, "%.4g", row.meanReturn()));
                }
                if (checkpoint != null) {
                    Checkpoint snapshot = trainer.checkpoint(current, names);
                    latest.set(snapshot);
                    if (row.iteration() % checkpointEvery == 0) writeCheckpoint(snapshot);
                }
            });
        } finally {
            if (checkpoint != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it writes the checkpoint
                }
            }
        }
        if (checkpoint != null) writeCheckpoint(trainer.checkpoint(run, names));
        writeOutputs(policy, environment, run);
        printSummary(policy, environment, trainer, run, startJ);
        return 0;
    }

    private RunFingerprint fingerprint;

    private List<Map.Entry<String, Path>> namedOutputs() {
        List<Map.Entry<String, Path>> all = new ArrayList<>();
        if (checkpoint != null) all.add(Map.entry("--checkpoint", checkpoint));
        if (out != null) all.add(Map.entry("--out", out));
        if (csv != null) all.add(Map.entry("--csv", csv));
        for (Path plot : plots) all.add(Map.entry("--plot", plot));
        return all;
    }

    private static boolean sameFile(Path a, Path b) {
        if (b == null) return false;
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private List<Path> outputs() {
        List<Path> all = new ArrayList<>(plots);
        if (checkpoint != null) all.add(checkpoint);
        if (out != null) all.add(out);
        if (csv != null) all.add(csv);
        return all;
    }

    /** Output files must not be one of the program files. */
    private static void refuseToOverwrite(Path output, List<Path> files) {
        for (Path input : files) {
            try {
                if (Files.exists(output) && Files.isSameFile(output, input)) {
                    throw new UsageError("refusing to overwrite the input file " + input + " with an output");
                }
            } catch (IOException e) {
                throw new UsageError("cannot compare " + output + " with " + input + ": " + e.getMessage());
            }
        }
    }

    /** A resumed run keeps the settings it started with; an option given explicitly must agree. */
    private void checkResumable(Checkpoint saved) {
        if (!parameters.assignments.isEmpty() || parameters.paramsFile != null) {
            throw new UsageError("--resume continues from the checkpoint's theta; drop --set and --params");
        }
        agree("--seed", parameters.seed, saved.seed());
        agree("--episodes", episodes, saved.episodes());
        agree("--estimator", estimatorOptions.estimator, saved.estimator());
        agree("--baseline", estimatorOptions.baseline, saved.baseline());
        agree("--exact-gradient", exactGradient, saved.exactGradient());
        agree("--optimizer", optimizer, saved.optimizer().kind());
        agree("--lr", learningRate, saved.optimizer().setting("learning_rate"));
    }

    private void agree(String option, Object given, Object saved) {
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption(option);
        if (explicit && !given.equals(saved)) {
            throw new UsageError("the checkpoint " + resume + " was made with " + option + " " + saved + ", not " + given
                    + "; a resumed run keeps its settings (drop " + option + ")");
        }
    }

    private synchronized void writeCheckpoint(Checkpoint snapshot) {
        try {
            Checkpoints.write(checkpoint, snapshot, fingerprint);
        } catch (IOException e) {
            throw new UsageError("cannot write checkpoint " + checkpoint + ": " + e);
        }
    }

    private void writeCheckpointQuietly(Checkpoint snapshot) {
        try {
            writeCheckpoint(snapshot);
            err().println("stopped: checkpoint of iteration " + snapshot.iteration() + " written to " + checkpoint);
        } catch (RuntimeException e) {
            err().println("stopped: could not write the checkpoint: " + e.getMessage());
        }
        err().flush();
    }

    /**
     * Writes the outputs; if that fails after all (the disk filled up during the run), the trained
     * parameters are written to a temporary file that the error names, so the run is not lost.
     */
    private void writeOutputs(Policy policy, Environment environment, TrainingRun run) {
        try {
            writeFiles(policy, environment, run);
        } catch (IOException | RuntimeException e) {
            byte[] theta = (Json.write(ParameterBlocks.of(policy.parameters(), run.theta())) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            Path rescued = OutputFiles.rescue("policygrad-trained-", ".json", theta);
            throw new UsageError("cannot write the outputs: " + e.getMessage()
                    + (rescued == null ? "" : "; the trained parameters were written to " + rescued + " instead"));
        }
    }

    private void writeFiles(Policy policy, Environment environment, TrainingRun run) throws IOException {
        if (out != null) {
            AtomicWrite.write(out, (Json.write(ParameterBlocks.of(policy.parameters(), run.theta())) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (csv != null) AtomicWrite.write(csv, Metrics.csv(run.metrics()).getBytes(StandardCharsets.UTF_8));
        String title = policy.name() + " on " + environment.name();
        for (Path plot : plots) {
            AtomicWrite.write(plot, TrainingPlot.encode(run.metrics(), title, plot.getFileName().toString()));
        }
    }

    private void printSummary(Policy policy, Environment environment, Trainer trainer, TrainingRun run, double startJ) {
        MetricRow last = run.last();
        double[] theta = run.theta();
        double finalJ = trainer.exactObjective(theta);
        TrainingSettings settings = trainer.settings();
        String gradient = settings.exactGradient() ? "exact gradient"
                : settings.estimator().kind().label() + " estimator, baseline " + settings.estimator().baseline().label()
                        + ", " + settings.episodes() + " episodes per iteration";
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("environment", environment.name());
            report.put("iterations", run.iteration());
            report.put("optimizer", run.optimizer().state().kind());
            report.put("learning_rate", run.optimizer().state().setting("learning_rate"));
            report.put("estimator", settings.exactGradient() ? "exact" : settings.estimator().kind().label());
            report.put("baseline", settings.estimator().baseline().label());
            report.put("episodes", settings.episodes());
            report.put("seed", settings.seed());
            if (!Double.isNaN(finalJ)) {
                report.put("J_start", startJ);
                report.put("J", finalJ);
            }
            report.put("last", last == null ? null : Metrics.json(last));
            report.put("theta", Json.named(policy.parameterNames(), theta));
            out().println(Json.write(report));
            return;
        }
        out().println("trained " + run.iteration() + " iterations on " + environment.name() + ": "
                + run.optimizer().state().kind() + ", learning rate "
                + Text.number(run.optimizer().state().setting("learning_rate")) + ", " + gradient);
        if (last != null && !settings.exactGradient()) {
            out().println("last batch: mean return " + Text.number(last.meanReturn()) + " +- "
                    + Text.number(last.returnStandardError()) + " (standard error)");
        }
        if (!Double.isNaN(finalJ)) {
            out().println("J = " + Text.number(finalJ) + " (exact; " + Text.number(startJ) + " at the start)");
        }
        out().println("theta:");
        out().print(Text.table(policy.parameterNames(), theta));
    }

    /** A progress bar over iterations on an interactive terminal, else null. */
    private ProgressBar progressBar(int done) {
        if (json || quiet || System.console() == null) return null;
        ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(iterations)
                .setUnit(" iterations", 1).continuousUpdate().build();
        bar.stepTo(done);
        return bar;
    }
}
