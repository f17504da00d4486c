package dev.policygrad.ad;

import dev.policygrad.diag.EvalError;
import java.util.Arrays;

/** Asserts that the two tape backends are indistinguishable on one program at one point. */
final class BackendAgreement {

    private BackendAgreement() {}

    /**
     * Both backends give the same value, the same gradient and the same outputs, bit for bit (NaN
     * matches NaN), or fail with the same message at the same span; and on each, the gradient alone
     * ({@link Tape#gradientForAction}, which may leave the root uncomputed) is that gradient, or that error.
     */
    static void assertIdentical(Program program, GradCheck.Point point, String where) {
        Tape interpreted = program.newTape(Backend.INTERPRETER), compiled = program.newTape(Backend.COMPILED);
        if (!program.compilation().compiled()) throw new AssertionError(where + ": not compiled: " + program.compilation());
        Object first = run(interpreted, point), second = run(compiled, point);
        for (Backend backend : Backend.values()) assertGradientAloneAgrees(program.newTape(backend), point, first, where);
        if (first instanceof String || second instanceof String) {
            if (!first.equals(second)) {
                throw new AssertionError(where + ": interpreter gave " + describe(first) + ", compiled " + describe(second));
            }
            return;
        }
        double[] expected = (double[]) first, actual = (double[]) second;
        // every register too, values and adjoints, so a trace of either backend reads the same; the
        // parameters' adjoints are the gradient (compared below), which compiled code writes straight
        // to the caller's array, not to its adjoint registers
        sameBits(((ArrayTape) interpreted).v, ((ArrayTape) compiled).v, where + ": value register");
        int p = program.parameterCount();
        double[] interpretedBar = ((ArrayTape) interpreted).bar, compiledBar = ((ArrayTape) compiled).bar;
        sameBits(Arrays.copyOfRange(interpretedBar, p, interpretedBar.length),
                Arrays.copyOfRange(compiledBar, p, compiledBar.length), where + ": adjoint register (from the first after the parameters)");
        sameBits(expected, actual, where + ": element of (value, gradient, outputs)");
    }

    /**
     * The gradient by {@link Tape#gradientForAction} after {@link Tape#forwardState} matches
     * {@code expected}: the full sweep's gradient, or its error. When the sweep skips the root, the
     * root's register is poisoned with NaN beforehand, so an adjoint that read it would show.
     */
    private static void assertGradientAloneAgrees(Tape tape, GradCheck.Point point, Object expected, String where) {
        Program program = tape.program();
        if (program.outputShape(0).size() != 1 || program.noiseCount() > 0) return;
        int p = program.parameterCount();
        double[] gradient = new double[p];
        Object actual;
        try {
            tape.forwardState(point.theta(), point.state());
            if (program.gradientEnd < program.instructionCount()) ((ArrayTape) tape).v[program.outputRegister(0)] = Double.NaN;
            tape.gradientForAction(point.actionValues(), 0, gradient, 0);
            actual = gradient;
        } catch (EvalError e) {
            actual = describeError(e);
        }
        String what = where + " on the " + tape.getClass().getSimpleName() + ", the gradient alone";
        if (expected instanceof String || actual instanceof String) {
            if (!expected.equals(actual)) throw new AssertionError(what + ": expected " + expected + ", got " + actual);
            return;
        }
        sameBits(Arrays.copyOfRange((double[]) expected, 1, 1 + p), gradient, what + ": gradient element", "full sweep",
                "gradient alone");
    }

    private static void sameBits(double[] expected, double[] actual, String what) {
        sameBits(expected, actual, what, "interpreter", "compiled");
    }

    private static void sameBits(double[] expected, double[] actual, String what, String first, String second) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + " " + i + ": " + first + " " + expected[i] + ", " + second + " " + actual[i]);
            }
        }
    }

    private static String describeError(EvalError e) {
        return e.getMessage() + " at " + e.span().where() + ":" + e.span().start() + "-" + e.span().end();
    }

    private static String describe(Object result) {
        return result instanceof String error ? "the error " + error : "values";
    }

    /** Value, gradient (when output 0 is a scalar) and every output; or the error's message and span. */
    private static Object run(Tape tape, GradCheck.Point point) {
        Program program = tape.program();
        int p = program.parameterCount();
        int total = 1 + p;
        for (int k = 0; k < program.outputCount(); k++) total += program.outputShape(k).size();
        double[] out = new double[total];
        try {
            out[0] = tape.forward(point.theta(), point.state(), point.actionValues(), 0);
        } catch (EvalError e) {
            return describeError(e);
        }
        int at = 1 + p;
        for (int k = 0; k < program.outputCount(); k++) {
            double[] o = new double[program.outputShape(k).size()];
            tape.output(k, o);
            System.arraycopy(o, 0, out, at, o.length);
            at += o.length;
        }
        if (program.outputShape(0).size() == 1) tape.backward(out, 1);
        return out;
    }
}
