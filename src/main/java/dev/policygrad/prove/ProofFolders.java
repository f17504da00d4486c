package dev.policygrad.prove;

import dev.policygrad.diag.UsageError;
import dev.policygrad.files.ReachedOnce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How {@code prove} groups the files it is given into programs, each checked on its own: the files
 * named directly form one program; a folder's {@code .pg} files form one program (a policy beside its
 * task), except when every one of them states a claim, and then each file is a program by itself; and
 * every subfolder is visited the same way, so {@code prove proofs/} checks every claim file and every
 * derivation below it. A file reached twice (named twice, named and inside a folder given, or inside
 * two folders given, one within the other) is an error: it would be proved twice, or in two programs.
 */
public final class ProofFolders {

    private static final Pattern CLAIM = Pattern.compile("(?m)^\\s*claim\\s+[A-Za-z_][A-Za-z_0-9]*\\s*:");

    private ProofFolders() {}

    /** The programs to check, each a list of files, in a stable order (files, then folders by name). */
    public static List<List<Path>> programs(List<Path> arguments) {
        List<List<Path>> out = new ArrayList<>();
        List<Path> named = new ArrayList<>();
        ReachedOnce reached = new ReachedOnce("proved", " (a directory's files are proved apart from the files named)");
        for (Path argument : arguments) {
            if (Files.isDirectory(argument)) {
                int before = out.size();
                visit(argument, out);
                if (out.size() == before) throw new UsageError("directory " + argument + " has no .pg files");
                for (List<Path> program : out.subList(before, out.size())) {
                    for (Path file : program) reached.add(file, argument);
                }
            } else if (Files.isRegularFile(argument)) {
                reached.add(argument, argument);
                named.add(argument);
            } else {
                throw new UsageError("no such file: " + argument);
            }
        }
        if (!named.isEmpty()) out.add(0, named);
        return out;
    }

    private static void visit(Path folder, List<List<Path>> out) {
        List<Path> files, folders;
        try (Stream<Path> children = Files.list(folder)) {
            List<Path> all = children.sorted().toList();
            files = all.stream().filter(p -> p.toString().endsWith(".pg") && Files.isRegularFile(p)).toList();
            folders = all.stream().filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UsageError("cannot read directory " + folder + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
        if (!files.isEmpty()) {
            if (files.stream().allMatch(ProofFolders::statesClaims)) {
                for (Path f : files) out.add(List.of(f));
            } else {
                out.add(files);
            }
        }
        for (Path sub : folders) visit(sub, out);
    }

    private static boolean statesClaims(Path file) {
        try {
            return CLAIM.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
        } catch (IOException | RuntimeException unreadable) {
            return false; // the parser reports it, with the file's name
        }
    }
}
