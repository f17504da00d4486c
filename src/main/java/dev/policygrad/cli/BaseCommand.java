package dev.policygrad.cli;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.Sources;
import dev.policygrad.render.Text;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What every subcommand shares: the source texts of the files it read (so errors can quote them),
 * the output streams, and the translation of errors into a one-line message with file:line:col, a
 * caret excerpt and exit code 2. No stack trace reaches the user.
 */
abstract class BaseCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    protected final Sources sources = new Sources();

    /** The command's work; returns the exit code. */
    protected abstract int execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            DigitsOption digits = digitsOption();
            if (digits != null) digits.apply();
            return execute();
        } catch (PolicygradException e) {
            err().println(sources.render(e));
            return Main.BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err().println("error: out of memory: the program, its input or the run asked for more than the "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB this Java process may use (set -Xmx through "
                    + "POLICYGRAD_JAVA_OPTS for more)");
            return Main.BAD_INPUT;
        } catch (StackOverflowError e) {
            // the language's depth limits keep programs within the command thread's stack (Main.STACK_BYTES);
            // this is the backstop for a path they miss, or a caller's own small stack
            err().println("error: the program nests too deeply for this thread's stack (the language allows 10000 "
                    + "levels once lets and defs are expanded; from Java, run on a thread with a larger stack)");
            return Main.BAD_INPUT;
        } finally {
            Text.digits(Text.ALL_DIGITS);
        }
    }

    /** The command's {@code --digits} option, or null when it prints no numbers as text. */
    protected DigitsOption digitsOption() {
        return null;
    }

    /** Loads the files named on the command line; warnings go to standard error. */
    protected Workspace load(Inputs inputs) {
        Workspace workspace = PolicyGrad.load(inputs.files, sources);
        for (String warning : workspace.warnings()) err().println(warning);
        return workspace;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
