package dev.policygrad.cli;

import dev.policygrad.prove.Derivation;

/**
 * A progress bar ({@link Progress#bar}) that appears only once the work has taken more than a second, and
 * only when standard error is a terminal: quick runs and redirected errors stay quiet, and a slow one (a
 * proof's enumeration, a formula estimator over a few thousand episodes) is not silent. Workers may report
 * from any thread.
 */
final class DelayedBar implements Derivation.Progress, AutoCloseable {

    private static final long DELAY_NANOS = 1_000_000_000L;

    private final long start = System.nanoTime();
    private final String task;
    private final String unit;
    private final long total;
    private final boolean interactive = Progress.stderrIsTerminal();
    private me.tongfei.progressbar.ProgressBar bar;

    /** A bar for {@code task} over {@code total} {@code unit} (0 when each report gives the total). */
    DelayedBar(String task, long total, String unit) {
        this.task = task;
        this.total = total;
        this.unit = unit;
    }

    /** {@code done} of the total given at construction. */
    void stepTo(long done) {
        at(done, total);
    }

    @Override
    public synchronized void at(long done, long total) {
        if (bar == null) {
            if (!interactive || System.nanoTime() - start < DELAY_NANOS) return;
            bar = Progress.bar(task, total, unit);
        }
        bar.maxHint(total);
        bar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
    }
}
