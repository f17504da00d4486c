package dev.policygrad.cli;

import dev.policygrad.render.Text;
import dev.policygrad.diag.UsageError;
import picocli.CommandLine.Option;

/** {@code --digits N}: significant digits of the numbers a command prints as text. */
final class DigitsOption {

    @Option(names = "--digits", paramLabel = "N", defaultValue = "6",
            description = "Significant digits of numbers in text output, 1..17 (default: ${DEFAULT-VALUE}; "
                    + "17 prints every digit; --json always keeps full precision).")
    int digits;

    /** Applies the option to this thread's {@link Text} formatting. */
    void apply() {
        if (digits < 1 || digits > 17) throw new UsageError("--digits must lie in 1..17, got " + digits);
        Text.digits(digits);
    }
}
