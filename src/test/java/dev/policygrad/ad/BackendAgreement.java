package dev.policygrad.ad;

import dev.policygrad.diag.EvalError;

/** Asserts that the two tape backends are indistinguishable on one program at one point. */
final class BackendAgreement {

    private BackendAgreement() {}

    /**
     * Both backends give the same value, the same gradient and the same outputs, bit for bit (NaN
     * matches NaN), or fail with the same message at the same span.
     */
    static void assertIdentical(Program program, GradCheck.Point point, String where) {
        Tape interpreted = program.newTape(Backend.INTERPRETER), compiled = program.newTape(Backend.COMPILED);
        if (!program.compilation().compiled()) throw new AssertionError(where + ": not compiled: " + program.compilation());
        Object first = run(interpreted, point), second = run(compiled, point);
        if (first instanceof String || second instanceof String) {
            if (!first.equals(second)) {
                throw new AssertionError(where + ": interpreter gave " + describe(first) + ", compiled " + describe(second));
            }
            return;
        }
        double[] expected = (double[]) first, actual = (double[]) second;
        // every register too, values and adjoints, so a trace of either backend reads the same
        sameBits(((ArrayTape) interpreted).v, ((ArrayTape) compiled).v, where + ": value register");
        sameBits(((ArrayTape) interpreted).bar, ((ArrayTape) compiled).bar, where + ": adjoint register");
        sameBits(expected, actual, where + ": element of (value, gradient, outputs)");
    }

    private static void sameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + " " + i + ": interpreter " + expected[i] + ", compiled " + actual[i]);
            }
        }
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
            return e.getMessage() + " at " + e.span().where() + ":" + e.span().start() + "-" + e.span().end();
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
