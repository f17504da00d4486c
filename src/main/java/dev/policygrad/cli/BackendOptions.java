package dev.policygrad.cli;

import dev.policygrad.ad.Backend;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code --backend} and {@code --verbose}, given to every command: which tape backend evaluates the
 * formulas (the choice itself is {@link Backend}'s), and a line on standard error per compiled
 * program saying which backend runs it and what compiling it cost.
 */
final class BackendOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--backend", paramLabel = "B", scope = ScopeType.INHERIT,
            description = "compiled (bytecode generated per formula; the default) or interpreter (the reference); "
                    + "results are identical.")
    void backend(String name) {
        try {
            Backend.prefer(Backend.of(name));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Say on standard error which backend runs each formula, and what compiling it cost.")
    void verbose(boolean on) {
        Backend.reportTo(on ? line -> mixee.commandLine().getErr().println("policygrad: " + line) : null);
    }
}
