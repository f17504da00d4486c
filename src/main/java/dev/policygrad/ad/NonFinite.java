package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.Printed;
import java.util.Collections;
import java.util.List;

/**
 * Turns a non-finite log pi or score into an error that names where it arose. Finite mathematics
 * should give finite numbers; when a value overflows or a derivative is 0 * infinity anyway, a
 * silent {@code -Infinity} or {@code NaN} with exit code 0 hides it. After a sweep, this finds the
 * first operation (in the order the tape ran it) whose value is not finite, or, for a derivative,
 * the last operation of the forward order whose adjoint is not (the reverse sweep reaches it first),
 * and reports it at its source position. Both backends leave every adjoint in the tape's registers
 * for this ({@link ArrayTape#adjointsToRegisters}), so both name the same operation.
 */
public final class NonFinite {

    private NonFinite() {}

    /** Throws an {@link EvalError} unless {@code logPi} is finite; call right after the forward sweep. */
    public static void requireFiniteValue(Tape tape, double logPi) {
        requireFiniteValue(tape, logPi, "log pi");
    }

    /**
     * As {@link #requireFiniteValue(Tape, double)}, the message naming the value {@code subject}
     * ("log pi(y)" when several actions are evaluated and the reader must know which one failed).
     */
    public static void requireFiniteValue(Tape tape, double logPi, String subject) {
        if (Double.isFinite(logPi)) return;
        Program program = tape.program();
        double[] values = ((ArrayTape) tape).v;
        for (int i = 0; i < program.instructionCount(); i++) {
            if (!finite(values, program.outputRegisterOf(i), program.node(i).shape().size())) {
                throw error(program, i, subject + " is " + logPi + ": the value of " + describe(program, i)
                        + " is not finite");
            }
        }
        throw new EvalError(Span.NONE, subject + " is " + logPi);
    }

    /** Throws an {@link EvalError} unless every entry of {@code gradient} is finite; call right after the backward sweep. */
    public static void requireFiniteGradient(Tape tape, double[] gradient, List<String> names) {
        requireFiniteGradient(tape, gradient, names, "log pi");
    }

    /** As {@link #requireFiniteGradient(Tape, double[], List)}, the message naming the derivative of {@code subject}. */
    public static void requireFiniteGradient(Tape tape, double[] gradient, List<String> names, String subject) {
        int bad = -1;
        for (int j = 0; j < gradient.length && bad < 0; j++) if (!Double.isFinite(gradient[j])) bad = j;
        if (bad < 0) return;
        String what = "d " + subject + " / d " + names.get(bad) + " is " + gradient[bad];
        Program program = tape.program();
        ArrayTape registers = (ArrayTape) tape;
        // the compiled backend's reverse sweep writes the parameters' adjoints only to the caller's
        // gradient array, not to bar: without them bar holds no non-finite adjoint and the culprit
        // went unnamed (no file:line:col); sweep once more into the registers, as a Trace does
        registers.adjointsToRegisters();
        double[] adjoints = registers.bar;
        for (int i = program.instructionCount() - 1; i >= 0; i--) {
            for (int k = 0; k < program.arity(i); k++) {
                int register = program.argRegister(i, k);
                if (program.argNeedsAdjoint(i, k) && register < adjoints.length && !Double.isFinite(adjoints[register])) {
                    throw error(program, i, what + ": the derivative through " + describe(program, i)
                            + " is not finite");
                }
            }
        }
        throw new EvalError(Span.NONE, what);
    }

    private static boolean finite(double[] values, int register, int size) {
        for (int i = register; i < register + size && i < values.length; i++) if (!Double.isFinite(values[i])) return false;
        return true;
    }

    private static String describe(Program program, int instruction) {
        List<Printed> dots = Collections.nCopies(program.arity(instruction), new Printed("...", 100));
        return program.op(instruction).infix(dots);
    }

    private static EvalError error(Program program, int instruction, String message) {
        return new EvalError(program.span(instruction), message, describe(program, instruction));
    }
}
