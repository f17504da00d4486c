package dev.policygrad.prove;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.env.FiniteMdp;
import java.nio.file.Path;

/** Derivations of programs from text or from the shipped {@code proofs/} folders, at their initial theta. */
final class Proofs {

    private Proofs() {}

    static Derivation ofText(String text) {
        return of(PolicyGrad.parse("test.pg", text));
    }

    /** The derivation of the .pg files in {@code proofs/<name>} (tests run from the repository root). */
    static Derivation ofFolder(String name) {
        return of(PolicyGrad.load(Path.of("proofs", name)));
    }

    static Derivation of(Workspace workspace) {
        return Derivation.of((FiniteMdp) workspace.task(), workspace.policy(), workspace.theta());
    }
}
