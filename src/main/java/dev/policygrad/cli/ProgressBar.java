package dev.policygrad.cli;

import dev.policygrad.prove.Derivation;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a proof's enumeration that appears only once the work has taken more than a
 * second, and only when standard error is a terminal: quick proofs and redirected errors stay quiet.
 */
final class ProgressBar implements Derivation.Progress, AutoCloseable {

    private static final long DELAY_NANOS = 1_000_000_000L;

    private final long start = System.nanoTime();
    private final boolean interactive;
    private me.tongfei.progressbar.ProgressBar bar;

    ProgressBar() {
        this.interactive = Progress.stderrIsTerminal();
    }

    @Override
    public void at(long done, long total) {
        if (bar == null) {
            if (!interactive || System.nanoTime() - start < DELAY_NANOS) return;
            bar = new ProgressBarBuilder().setTaskName("prove").setInitialMax(total).setUnit(" steps", 1)
                    .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
        }
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
