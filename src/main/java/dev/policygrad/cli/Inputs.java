package dev.policygrad.cli;

import dev.policygrad.PolicyGrad;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The {@code FILE...} arguments: {@code .pg} files, or directories meaning all their {@code .pg} files. */
final class Inputs {

    @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Program files (.pg); a directory means all its .pg files.")
    List<Path> files = new ArrayList<>();

    /** The files named, with directories expanded (sorted by name). */
    List<Path> expanded() {
        return PolicyGrad.expand(files);
    }
}
