package dev.policygrad.cli;

import dev.policygrad.LargeStack;
import dev.policygrad.ad.Backend;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code policygrad} command line: one subcommand per file in this package, each a thin layer
 * over the public Java API. Exit codes: 0 success, 1 a check or verification failed, 2 bad input
 * (syntax, semantic or usage errors).
 */
@Command(name = "policygrad", mixinStandardHelpOptions = true, version = "policygrad " + dev.policygrad.Version.NUMBER,
        description = "Policies as formulas, with gradients you can verify.",
        subcommands = {
                ParseCommand.class,
                EvalCommand.class,
                ScoreCommand.class,
                DeriveCommand.class,
                CheckCommand.class,
                ObjectiveCommand.class,
                VerifyCommand.class,
                SampleCommand.class,
                ExportCommand.class,
                TrainCommand.class,
                ProveCommand.class,
                TableCommand.class,
                SimulateCommand.class,
                PlotCommand.class,
                ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code when a gradient check or a verification fails. */
    public static final int CHECK_FAILED = 1;
    /** Exit code for bad input: syntax, semantic and usage errors. */
    public static final int BAD_INPUT = 2;
    /** Exit code for an internal error (a bug in policygrad). */
    public static final int INTERNAL_ERROR = 3;
    /** Exit code when a verification cannot give a verdict: its reference gradient cannot carry one. */
    public static final int UNDECIDED = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BackendOptions backend;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns its exit code, writing to the given streams. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // each run starts from the library's defaults: compiled tapes, no reports
        Backend.prefer(Backend.COMPILED);
        Backend.reportTo(null);
        CommandLine cli = new CommandLine(new Main());
        versionEverySubcommand(cli, cli.getCommandSpec().version());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("internal error: " + e + " (please report this with the input that caused it)");
            return INTERNAL_ERROR;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Gives every subcommand the top-level version, so {@code policygrad eval --version} prints what
     * {@code policygrad --version} does: each subcommand's {@code mixinStandardHelpOptions} brings a
     * {@code -V, --version} option (and its help advertises it), which printed nothing while the
     * subcommand had no version of its own.
     */
    static void versionEverySubcommand(CommandLine command, String[] version) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) sub.getCommandSpec().version(version);
            versionEverySubcommand(sub, version);
        }
    }

    /**
     * The stack of the thread a command runs on. The checker, the simplifier and the printers recurse
     * over a program's expressions, whose depth the language bounds (10,000 levels once lets and defs
     * are expanded); a default thread stack (512 KB to 1 MB) overflows near 1,000. The stack is reserved
     * address space, used only as deep as a program goes, so the command runs the same under plain
     * {@code java -jar} as under the launcher.
     */
    static final long STACK_BYTES = 512L << 20;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = LargeStack.call(() -> run(args, out, err), () -> new IllegalStateException(
                "out of stack outside a command (" + STACK_BYTES + " bytes)"), STACK_BYTES);
        System.exit(code);
    }
}
