package dev.policygrad;

import java.util.function.Supplier;

/**
 * Runs a piece of work on a thread with a large stack, and reports running out of stack as a
 * value rather than as an error: the parser (whose nesting check should keep it far from the limit;
 * this is the backstop should some input slip past it) and every command of the command line, whose
 * checker, simplifier and printers recurse as deep as the language allows.
 */
public final class LargeStack {

    private static final long STACK_BYTES = 256L << 20;

    private LargeStack() {}

    /** The work's result; its exception, rethrown; or {@code onOverflow}'s exception. */
    public static <T> T call(Supplier<T> work, Supplier<RuntimeException> onOverflow) {
        return call(work, onOverflow, STACK_BYTES);
    }

    /** As {@link #call(Supplier, Supplier)}, on a stack of the given size. */
    public static <T> T call(Supplier<T> work, Supplier<RuntimeException> onOverflow, long stackBytes) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Runnable task = () -> {
            try {
                result[0] = work.get();
            } catch (StackOverflowError overflow) {
                failure[0] = onOverflow.get();
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        };
        Thread thread = new Thread(null, task, "policygrad-large-stack", stackBytes);
        thread.setDaemon(true);
        thread.start();
        joinUninterruptibly(thread);
        if (failure[0] instanceof RuntimeException e) throw e;
        if (failure[0] instanceof Error e) throw e;
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
