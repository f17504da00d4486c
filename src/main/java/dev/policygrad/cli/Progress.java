package dev.policygrad.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress bars on standard error, shown only when standard error is a terminal, whatever standard
 * output is (so {@code policygrad verify ... > report.txt} still shows one, and a pipe or a test
 * never gets one). Java tells only whether both ends are a terminal ({@code System.console()}), so
 * the launcher passes {@code POLICYGRAD_STDERR_TTY}; without it a one-off {@code test -t 2} whose
 * standard error is ours answers.
 */
final class Progress {

    /** Set by the launcher: 1 when standard error is a terminal, 0 when not. */
    static final String VARIABLE = "POLICYGRAD_STDERR_TTY";

    private static Boolean terminal;

    private Progress() {}

    static synchronized boolean stderrIsTerminal() {
        if (terminal == null) terminal = probe();
        return terminal;
    }

    private static boolean probe() {
        String told = System.getenv(VARIABLE);
        if (told != null) return told.equals("1");
        try {
            Process test = new ProcessBuilder("sh", "-c", "test -t 2").redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return test.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A bar over {@code total} units on standard error when it is a terminal, else null. */
    static ProgressBar bar(String task, long total, String unit) {
        if (!stderrIsTerminal()) return null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 100)).continuousUpdate().build();
    }
}
