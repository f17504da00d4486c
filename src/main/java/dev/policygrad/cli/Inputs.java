package dev.policygrad.cli;

import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.diag.Sources;
import dev.policygrad.diag.UsageError;
import dev.policygrad.parse.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The {@code FILE...} arguments: {@code .pg} files, or directories meaning all their {@code .pg} files. */
final class Inputs {

    @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE",
            description = "SyntaxTree files (.pg); a directory means all its .pg files.")
    List<Path> files = new ArrayList<>();

    /** The files named, with directories expanded (sorted by name). */
    List<Path> expanded() {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                try (Stream<Path> children = Files.list(f)) {
                    List<Path> pg = children.filter(p -> p.toString().endsWith(".pg") && Files.isRegularFile(p))
                            .sorted().toList();
                    if (pg.isEmpty()) throw new UsageError("directory " + f + " has no .pg files");
                    out.addAll(pg);
                } catch (IOException e) {
                    throw new UsageError("cannot read directory " + f + ": " + e.getMessage());
                }
            } else if (!Files.isRegularFile(f)) {
                throw new UsageError("no such file: " + f);
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Parses the files, recording their text in {@code sources}. */
    SyntaxTree parse(Sources sources) {
        return Parser.parseFiles(expanded(), sources);
    }

    /** Parses and checks the files. */
    CheckedProgram check(Sources sources) {
        return Checker.check(parse(sources));
    }
}
