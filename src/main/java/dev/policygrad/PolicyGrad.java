package dev.policygrad;

import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.diag.Sources;
import dev.policygrad.diag.UsageError;
import dev.policygrad.files.ReachedOnce;
import dev.policygrad.parse.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The front door: text in, a {@link Workspace} out. Loading parses the files, checks every
 * declaration (policy, parameters, every {@code let}, every environment) and compiles the policy;
 * what comes back is ready to evaluate, differentiate, verify and train.
 *
 * <pre>{@code
 * Workspace corridor = PolicyGrad.load(Path.of("examples/short-corridor"));
 * corridor.logPi("right");                 // log pi(right)
 * corridor.objective().J();                // -12, exactly
 * }</pre>
 *
 * <p>Errors are {@link dev.policygrad.diag.PolicygradException}s located at {@code file:line:col};
 * {@link dev.policygrad.diag.PolicygradException#describe()} quotes the source line with a caret.
 */
public final class PolicyGrad {

    private PolicyGrad() {}

    /** Loads {@code .pg} files; a directory stands for all its {@code .pg} files, in name order. */
    public static Workspace load(Path... files) {
        return load(Arrays.asList(files), new Sources());
    }

    /**
     * As {@link #load(Path...)}, recording the text of every file read in {@code sources} (so that
     * a caller can quote any later error too).
     */
    public static Workspace load(List<Path> files, Sources sources) {
        return Workspace.of(syntax(files, sources), sources);
    }

    /** Loads a program from text, named {@code <source>} in messages. */
    public static Workspace parse(String source) {
        return parse("<source>", source);
    }

    /** Loads a program from text, named {@code fileName} in messages. */
    public static Workspace parse(String fileName, String source) {
        Sources sources = new Sources();
        sources.add(fileName, source);
        return Workspace.of(Sources.attach(sources, () -> Parser.parse(fileName, source)), sources);
    }

    /** Parses files (directories expanded) without checking them: the syntax tree, for printing. */
    public static SyntaxTree syntax(List<Path> files, Sources sources) {
        return Sources.attach(sources, () -> Parser.parseFiles(expand(files), sources));
    }

    /**
     * The files named, each directory replaced by its {@code .pg} files sorted by name; a file reached
     * twice is a usage error ({@link ReachedOnce}).
     */
    public static List<Path> expand(List<Path> files) {
        List<Path> out = new ArrayList<>();
        ReachedOnce reached = new ReachedOnce("read", "");
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                try (Stream<Path> children = Files.list(f)) {
                    List<Path> pg = children.filter(p -> p.toString().endsWith(".pg") && Files.isRegularFile(p))
                            .sorted().toList();
                    if (pg.isEmpty()) throw new UsageError("directory " + f + " has no .pg files");
                    for (Path p : pg) reached.add(p, f);
                    out.addAll(pg);
                } catch (IOException e) {
                    throw new UsageError("cannot read directory " + f + ": " + dev.policygrad.files.FileErrors.reason(e));
                }
            } else if (!Files.isRegularFile(f)) {
                throw new UsageError("no such file: " + f);
            } else {
                reached.add(f, f);
                out.add(f);
            }
        }
        if (out.isEmpty()) throw new UsageError("no program files given");
        return out;
    }
}
