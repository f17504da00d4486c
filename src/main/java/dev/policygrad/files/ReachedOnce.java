package dev.policygrad.files;

import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The program files a command line's arguments bring in, each at most once: a file named twice, or
 * named and also inside a directory given, or inside two directories given (one within the other),
 * is a usage error naming both arguments, since reading it twice would declare everything in it twice.
 * Files are compared by their real paths, so a symbolic link or a {@code ..} path is the file it names.
 */
public final class ReachedOnce {

    private final Map<Path, Path> reachedBy = new HashMap<>();
    private final String verb;
    private final String apart;

    /**
     * @param verb  what would happen to the file twice ("read", "proved")
     * @param apart said when one argument is a directory and the other a file, or empty
     */
    public ReachedOnce(String verb, String apart) {
        this.verb = verb;
        this.apart = apart;
    }

    /** Records that {@code argument} brings in {@code file}; a usage error when another argument (or it) already did. */
    public void add(Path file, Path argument) {
        Path first = reachedBy.putIfAbsent(real(file), argument);
        if (first == null) return;
        if (first.equals(argument)) {
            throw new UsageError((Files.isDirectory(argument) ? "the directory " : "") + argument
                    + " is given twice; give it once");
        }
        boolean mixed = Files.isDirectory(first) != Files.isDirectory(argument);
        throw new UsageError(file + " would be " + verb + " twice: it is " + how(first) + " and " + how(argument)
                + "; give each file once" + (mixed ? apart : ""));
    }

    private static String how(Path argument) {
        return Files.isDirectory(argument) ? "in the directory " + argument : "given as " + argument;
    }

    /** The file {@code f} names: its real path, or its absolute normalized path when that cannot be found. */
    private static Path real(Path f) {
        try {
            return f.toRealPath();
        } catch (IOException | SecurityException e) {
            return f.toAbsolutePath().normalize();
        }
    }
}
