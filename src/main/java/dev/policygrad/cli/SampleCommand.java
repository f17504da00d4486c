package dev.policygrad.cli;

import dev.policygrad.Workspace;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EpisodeSampler;
import dev.policygrad.files.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policygrad sample FILE... --episodes N --seed S --out FILE.jsonl [--all]}: episodes as JSON
 * lines, for estimators written outside policygrad; {@code --all} lists every trajectory of a finite
 * MDP with a horizon, each with its probability and log probability. Episodes are written as they are played, a chunk at a
 * time in episode order ({@link SampleWriter}), to a temporary file that replaces {@code --out} at the
 * end ({@link AtomicWrite}): the lines are never all in memory.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write episodes of the policy as JSON lines (or, with --all, every trajectory with its probability).")
final class SampleCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Mixin
    ParameterOptions parameters;

    @Mixin
    EnvironmentOption environmentOption;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "1000",
            description = "Episodes to sample, episode i from (seed, i) as verify plays them (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--all", description = "Every trajectory of a finite MDP with a horizon, with its \"probability\".")
    boolean all;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the JSON lines.")
    Path out;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores); results do not depend on it.")
    Integer threads;

    @Mixin
    EngineOptions engineOptions;

    @Override
    protected int execute() {
        if (!all && episodes < 1) throw new UsageError("--episodes must be at least 1, got " + episodes);
        Workspace workspace = environmentOption.select(parameters.apply(load(inputs)));
        EpisodeFile file = workspace.episodeFile();
        long count;
        if (all) {
            List<EpisodeSampler.Weighted> trajectories = workspace.trajectories();
            AtomicWrite.write(out, stream -> {
                SampleWriter writer = new SampleWriter(stream, trajectories.size(), () -> -1, out.toString());
                for (EpisodeSampler.Weighted w : trajectories) writer.write(List.of(file.line(w)));
                writer.finish();
            });
            count = trajectories.size();
        } else {
            if (threads != null && threads < 1) throw new UsageError("--threads must be at least 1, got " + threads);
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            Path directory = AtomicWrite.resolveLinks(out).getParent();
            try (RolloutEngine engine = engineOptions.open(t)) {
                // episodes go to the file chunk by chunk as they are played: memory does not grow with --episodes
                AtomicWrite.write(out, stream -> {
                    SampleWriter writer = new SampleWriter(stream, episodes, () -> usableSpace(directory),
                            out.toString());
                    workspace.sampleLines(episodes, engine, (chunk, lines) -> writer.write(lines));
                    writer.finish();
                });
            }
            count = episodes;
        }
        err().println("wrote " + count + (all ? " trajector" + (count == 1 ? "y" : "ies") : " episode" + (count == 1 ? "" : "s")) + " to " + out);
        return 0;
    }

    /** The bytes free to this process on the file system of {@code directory}, or -1 when not known. */
    private static long usableSpace(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
