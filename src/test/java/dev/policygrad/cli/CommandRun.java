package dev.policygrad.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A command run in-process, as the command-line tests see it: the exit code and what went to standard
 * output and standard error.
 */
record CommandRun(int code, String out, String err) {

    /** Runs {@code policygrad args...} through {@link Main#run}, capturing both streams. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CommandRun(code, out.toString(), err.toString());
    }
}
