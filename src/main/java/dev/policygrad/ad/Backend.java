package dev.policygrad.ad;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * How a {@link Program}'s tapes run: {@link #INTERPRETER} calls each primitive's kernel in turn;
 * {@link #COMPILED} runs the program as bytecode generated for it (once per program), and falls
 * back to the interpreter where a program cannot be compiled. Both give the same values, gradients
 * and errors; only their speed differs.
 */
public enum Backend {
    INTERPRETER,
    COMPILED;

    private static volatile Backend preferred = COMPILED;
    private static volatile Consumer<String> reporter;

    /** The backend {@link Program#newTape()} uses: compiled unless {@link #prefer} said otherwise. */
    public static Backend preferred() {
        return preferred;
    }

    /** Sets the backend that {@link Program#newTape()} uses from now on, in this process. */
    public static void prefer(Backend backend) {
        preferred = backend;
    }

    /**
     * Tells {@code sink} (from now on, in this process) which backend each program runs on: one line
     * per program, when its first tape is made, with what compiling it cost. Null stops the reports.
     */
    public static void reportTo(Consumer<String> sink) {
        reporter = sink;
    }

    static void report(String line) {
        Consumer<String> sink = reporter;
        if (sink != null) sink.accept(line);
    }

    /** {@code interpreter} or {@code compiled}, as a user writes it. */
    public static Backend of(String name) {
        for (Backend b : values()) if (b.label().equals(name)) return b;
        throw new IllegalArgumentException("unknown backend '" + name + "'; the backends are interpreter and compiled");
    }

    /** The name as a user writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
