package dev.policygrad.prove;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.diag.Sources;
import dev.policygrad.env.Environments;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Derivations of programs from text or from the shipped {@code proofs/} folders, at their initial theta. */
final class Proofs {

    private Proofs() {}

    static Derivation ofText(String text) {
        return of(Checker.check(Parser.parse("test.pg", text)));
    }

    /** The derivation of the .pg files in {@code proofs/<name>} (tests run from the repository root). */
    static Derivation ofFolder(String name) {
        try (Stream<Path> files = Files.list(Path.of("proofs", name))) {
            List<Path> pg = files.filter(p -> p.toString().endsWith(".pg")).sorted().toList();
            return of(Checker.check(Parser.parseFiles(pg, new Sources())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Derivation of(CheckedProgram program) {
        Policy policy = Policy.of(program);
        return Derivation.of((FiniteMdp) program.environment(), policy, policy.initialParameters(0));
    }
}
