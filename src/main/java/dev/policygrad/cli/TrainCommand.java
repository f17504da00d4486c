package dev.policygrad.cli;

import dev.policygrad.render.Json;
import dev.policygrad.render.Text;
import dev.policygrad.Workspace;
import dev.policygrad.diag.UsageError;
import dev.policygrad.policy.Policy;
import dev.policygrad.train.Checkpoint;
import dev.policygrad.train.Checkpoints;
import dev.policygrad.train.IterationFailed;
import dev.policygrad.train.MetricLog;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.train.Optimizer;
import dev.policygrad.train.SeedSweep;
import dev.policygrad.train.RunFingerprint;
import dev.policygrad.train.Trainer;
import dev.policygrad.train.TrainingRun;
import dev.policygrad.train.TrainingOutputs;
import dev.policygrad.train.TrainingSettings;
import dev.policygrad.train.TrainingSummary;
import dev.policygrad.train.RunRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad train FILE...}: gradient ascent on J along an estimate (a built-in REINFORCE
 * estimator, GAE, or an {@code estimator} the files declare) or the exact gradient of a finite MDP,
 * with checkpoints that resume bit-for-bit, a metrics CSV, a plot, and the final parameters in the
 * {@code --params} format. A thin layer over {@link Trainer}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the policy's parameters by gradient ascent on J (along an estimator, or the exact gradient).")
final class TrainCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    DigitsOption digits;

    @Option(names = "--all", description = "Print every parameter, however many (past "
            + TrainingSummary.SHOWN_PARAMETERS + " the list is summarised).")
    boolean all;

    @Override
    protected DigitsOption digitsOption() {
        return digits;
    }

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

    @Option(names = "--seeds", paramLabel = "A..B",
            description = "A sweep: one run per seed (A..B or a comma list), each from its own initial values; "
                    + "--csv gets every run's rows, --plot the mean curve with its band.")
    String seeds;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    protected int execute() {
        if (iterations < 1) throw new UsageError("--iterations must be at least 1, got " + iterations);
        if (checkpointEvery < 1) throw new UsageError("--checkpoint-every must be at least 1, got " + checkpointEvery);
        if (episodes < 2) throw new UsageError("--episodes must be at least 2, got " + episodes);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new UsageError("--lr must be a positive number, got " + learningRate);
        }
        for (Path plot : plots) {
            String name = plot.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!name.endsWith(".png") && !name.endsWith(".svg")) {
                throw new UsageError("--plot writes .png or .svg files, got " + plot);
            }
        }
        TrainingOutputs outputs = new TrainingOutputs(out, csv, plots);
        List<Path> files = inputs.expanded();
        outputs.refuseToLoseAnything(files, checkpoint, resume);
        if (seeds != null) return sweep();
        Workspace workspace = environmentOption.select(load(inputs));
        Policy policy = workspace.policy();
        fingerprint = RunFingerprint.of(policy.name(), workspace.task().name(), policy.parameters(), files);
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
            trainer = workspace.trainer(saved.settings(estimatorOptions.threads()));
            run = trainer.resume(saved, this::metricLog);
        } else {
            workspace = parameters.apply(workspace);
            trainer = workspace.trainer(new TrainingSettings(estimatorOptions.choice(parseResult()), exactGradient,
                    episodes, parameters.seed, estimatorOptions.threads()));
            run = trainer.start(workspace.theta(), Optimizer.of(optimizer, learningRate), metricLog(null));
        }
        try {
            return train(trainer, run, workspace, outputs, files);
        } finally {
            run.log().close();
            // a new run that wrote no checkpoint (it failed first) leaves no rows behind either
            if (resume == null && checkpoint != null && !java.nio.file.Files.exists(checkpoint)) {
                try {
                    java.nio.file.Files.deleteIfExists(run.log().file());
                } catch (IOException e) {
                    // the rows of a run that left nothing else; harmless if they stay
                }
            }
        }
    }

    /**
     * Where the run's metric rows go, beginning with those of the checkpoint resumed ({@code from}, or
     * null): beside {@code --checkpoint}, where a resumed run finds them; else, when {@code --csv} or
     * {@code --plot} reads them at the end, a temporary file; else nowhere (the summary needs the last
     * row only). Never memory: a long run's rows are not held.
     */
    private MetricLog metricLog(MetricLog.Snapshot from) {
        if (checkpoint != null) {
            Path beside = MetricLog.besideCheckpoint(checkpoint);
            return from == null ? MetricLog.onFile(beside) : MetricLog.continuing(from, beside);
        }
        MetricLog log = csv != null || !plots.isEmpty() ? MetricLog.temporary() : MetricLog.lastOnly();
        return from == null ? log : log.startingWith(from);
    }

    /** Trains {@code run} to {@code --iterations}, then writes the outputs and prints the summary. */
    private int train(Trainer trainer, TrainingRun run, Workspace workspace, TrainingOutputs outputs, List<Path> files) {
        Policy policy = workspace.policy();
        double startJ = trainer.exactObjective(run.theta());
        List<String> names = files.stream().map(Path::toString).toList();
        record = runRecord(trainer.settings(), run, workspace, names);
        // on SIGTERM or Ctrl-C the JVM runs shutdown hooks: write the last completed iteration then
        AtomicReference<Checkpoint> latest = new AtomicReference<>();
        Thread onSignal = new Thread(() -> {
            Checkpoint last = latest.get();
            if (last != null) writeCheckpointQuietly(last);
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
        } catch (IterationFailed failed) {
            throw keepCompleted(failed, trainer, outputs, workspace, run, names);
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
        outputs.write(policy, workspace.task(), run, record);
        TrainingSummary summary = TrainingSummary.of(trainer, workspace.task().name(), run, policy.parameterNames(),
                startJ);
        out().print(json ? Json.write(summary.json()) + "\n" : summary.text(all));
        return 0;
    }

    /**
     * An iteration failed (an evaluation error, or the run diverged): nothing computed before it is lost.
     * The outputs of the last completed iteration are written as at the end of a run (checkpoint, parameters,
     * metrics, plots, each atomically), and the message says where. A run that completed no iteration writes nothing.
     */
    private IterationFailed keepCompleted(IterationFailed failed, Trainer trainer, TrainingOutputs outputs,
            Workspace workspace, TrainingRun run, List<String> names) {
        int done = run.iteration();
        if (done == 0) return failed;
        try {
            if (checkpoint != null) writeCheckpoint(trainer.checkpoint(run, names));
            outputs.write(workspace.policy(), workspace.task(), run, record);
        } catch (RuntimeException e) {
            return failed.withMessage(failed.getMessage() + "; the results of iterations 1 to " + done
                    + " could not all be kept: " + e.getMessage());
        }
        List<String> kept = new ArrayList<>();
        if (out != null) kept.add("the parameters after iteration " + done + " are in " + out);
        if (csv != null) kept.add("the metrics of iterations 1 to " + done + " are in " + csv);
        if (checkpoint != null) kept.add("the checkpoint of iteration " + done + " is in " + checkpoint);
        for (Path plot : plots) kept.add("the learning curve to iteration " + done + " is in " + plot);
        return kept.isEmpty() ? failed : failed.withMessage(failed.getMessage() + "; " + String.join(", ", kept));
    }

    /** {@code --seeds}: every run on the chosen engine, then the per-seed CSV, the mean curve and a summary. */
    private int sweep() {
        if (resume != null || checkpoint != null || out != null) {
            throw new UsageError("--seeds runs many trainings; --resume, --checkpoint and --out take one");
        }
        long[] chosen = SeedSweep.parseSeeds(seeds);
        Workspace workspace = environmentOption.select(load(inputs));
        double[][] starts = new double[chosen.length][];
        for (int i = 0; i < chosen.length; i++) {
            parameters.seed = chosen[i];
            starts[i] = parameters.apply(workspace).theta();
        }
        Optimizer.of(optimizer, learningRate);  // rejects a bad --optimizer before any run starts
        SeedSweep.Plan plan = new SeedSweep.Plan(workspace.rolloutTask(), estimatorOptions.choice(parseResult()),
                exactGradient, episodes, iterations, optimizer, learningRate, chosen, starts);
        SeedSweep.Result result;
        String title = workspace.policy().name() + " on " + workspace.task().name() + ", " + chosen.length + " seeds";
        try (RolloutEngine engine = engineOptions.open(estimatorOptions.threads())) {
            result = SeedSweep.run(plan, engine, csv);
            result.plot(plots, title);
        } catch (IOException e) {
            throw new UsageError("cannot write the outputs: " + dev.policygrad.files.FileErrors.reason(e));
        }
        out().print(json ? Json.write(result.json()) + "\n" : result.summary(seeds, workspace.task().name(), optimizer,
                learningRate));
        return 0;
    }

    /** The command line, version, seed and every setting of this run, for the CSV and checkpoints. */
    private RunRecord record;

    private RunRecord runRecord(TrainingSettings settings, TrainingRun run, Workspace workspace, List<String> files) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("command_name", "train");
        all.put("files", String.join(" ", files));
        all.put("environment", workspace.task().name());
        all.put("iterations", Integer.toString(iterations));
        all.put("optimizer", run.optimizer().state().kind());
        all.put("learning_rate", Double.toString(run.optimizer().state().setting("learning_rate")));
        all.put("gradient", settings.exactGradient() ? "exact" : settings.estimator().name());
        if (!settings.exactGradient()) {
            settings.estimator().settings().forEach((key, value) -> all.put(key, String.valueOf(value)));
            all.put("episodes", Integer.toString(settings.episodes()));
        }
        all.put("threads", Integer.toString(settings.threads()));
        all.put("checkpoint", checkpoint == null ? "" : checkpoint.toString());
        all.put("checkpoint_every", Integer.toString(checkpointEvery));
        all.put("resume", resume == null ? "" : resume.toString());
        all.put("start_iteration", Integer.toString(run.iteration()));
        return RunRecord.of(parseResult().originalArgs(), settings.seed(), all);
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
        agree("--lambda", estimatorOptions.lambda, saved.lambda());
        agree("--critic", estimatorOptions.critic, saved.critic());
        agree("--exact-gradient", exactGradient, saved.exactGradient());
        agree("--optimizer", optimizer, saved.optimizer().kind());
        agree("--lr", learningRate, saved.optimizer().setting("learning_rate"));
    }

    private void agree(String option, Object given, Object saved) {
        boolean explicit = parseResult().hasMatchedOption(option);
        if (explicit && !given.equals(saved)) {
            throw new UsageError("the checkpoint " + resume + " was made with " + option + " " + saved + ", not " + given
                    + "; a resumed run keeps its settings (drop " + option + ")");
        }
    }

    private picocli.CommandLine.ParseResult parseResult() {
        return spec.commandLine().getParseResult();
    }

    private RunFingerprint fingerprint;

    private synchronized void writeCheckpoint(Checkpoint snapshot) {
        try {
            Checkpoints.write(checkpoint, snapshot, record, fingerprint);
        } catch (IOException e) {
            throw new UsageError("cannot write checkpoint " + checkpoint + ": " + dev.policygrad.files.FileErrors.reason(e));
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

    /** A progress bar over iterations on standard error when it is a terminal, else null. */
    private ProgressBar progressBar(int done) {
        if (quiet) return null;
        ProgressBar bar = Progress.bar("train", iterations, "iterations");
        if (bar == null) return null;
        bar.stepTo(done);
        return bar;
    }
}
