package dev.policygrad.files;

import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a command's output files before any work is done, so that a long run never ends in an
 * error that loses its result: no two outputs may name one file (one would silently replace the
 * other), and each must be writable — its directory exists (or can be made) and may be written,
 * and an existing file may be replaced. A symbolic link is judged by the file it points to, which
 * is what {@link AtomicWrite} writes.
 */
public final class OutputFiles {

    private OutputFiles() {}

    /** Refuses two options naming one file; {@code outputs} maps "--out" to its path, in order. */
    public static void requireDistinct(List<Map.Entry<String, Path>> outputs) {
        List<Path> resolved = new ArrayList<>();
        for (Map.Entry<String, Path> e : outputs) resolved.add(AtomicWrite.resolveLinks(e.getValue()));
        for (int i = 0; i < outputs.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (resolved.get(i).equals(resolved.get(j))) {
                    throw new UsageError(outputs.get(j).getKey() + " and " + outputs.get(i).getKey() + " both write "
                            + outputs.get(i).getValue() + "; one would replace the other. Give each its own file");
                }
            }
        }
    }

    /** Refuses an output that cannot be written, naming the option and why. */
    public static void requireWritable(String option, Path output) {
        Path target = AtomicWrite.resolveLinks(output);
        if (Files.isDirectory(target)) throw new UsageError(option + " " + output + " is a directory");
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new UsageError(option + " " + output + " exists and cannot be written");
        }
        Path dir = target.getParent();
        while (dir != null && !Files.exists(dir)) dir = dir.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageError(option + " " + output + ": cannot create files in " + (dir == null ? "its directory" : dir));
        }
    }

    /**
     * As {@link #requireWritable}, for a command that does not make directories: the output's
     * directory must already exist.
     */
    public static void requireWritableInExistingDirectory(String option, Path output) {
        requireWritable(option, output);
        Path dir = AtomicWrite.resolveLinks(output).getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageError(option + " " + output + ": no such directory: " + dir);
        }
    }

    /**
     * Writes {@code bytes} to a new file in the system's temporary directory, for results that could
     * not be written where asked; returns its path, or null if even that fails.
     */
    public static Path rescue(String prefix, String suffix, byte[] bytes) {
        try {
            Path file = Files.createTempFile(prefix, suffix);
            Files.write(file, bytes);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
