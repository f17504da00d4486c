package dev.policygrad.ad;

import dev.policygrad.ir.DomainError;

/**
 * The compiled backend: the same registers and sweeps as {@link InterpretedTape}, run by the class
 * generated for the program ({@link BytecodeCompiler}). The generated code detects a value outside
 * a primitive's domain exactly where the kernel does; to report it, the tape replays the sweep on
 * the interpreter over the same registers, which throws the {@code EvalError} with the operation's
 * message and source span. So errors are the interpreter's, by construction.
 */
final class CompiledTape extends ArrayTape {

    private final CompiledCode code;
    private final boolean gradientInPlace;

    CompiledTape(Program program, Compilation compilation) {
        super(program);
        this.code = compilation.code();
        this.gradientInPlace = code.writesGradientInPlace();
    }

    @Override
    void sweepSide() {
        try {
            code.side(v);
        } catch (DomainError e) {
            throw explain(0, Math.max(0, program.sideEnd), e);
        }
    }

    @Override
    void sweepState() {
        try {
            code.state(v);
        } catch (DomainError e) {
            throw explain(Math.max(0, program.sideEnd), program.actionStart, e);
        }
    }

    @Override
    void sweepAction() {
        try {
            code.action(v);
        } catch (DomainError e) {
            throw explain(program.actionStart, program.instructionCount(), e);
        }
    }

    /*
     * One call for two or three sweeps, each use with its own entry: a call of the generated class is
     * a virtual call that the JIT inlines only while at most two programs' classes reach its line; a
     * policy with a formula environment brings three (policy, step, start), and when the three shared
     * side/state/action none of the generated code was inlined into the rollout loop (BENCHMARKS.md).
     */
    @Override
    void sweepSideAndState() {
        try {
            code.sideAndState(v);
        } catch (DomainError e) {
            throw explain(0, program.actionStart, e);
        }
    }

    @Override
    void sweepAllInstructions() {
        try {
            code.all(v);
        } catch (DomainError e) {
            throw explain(0, program.instructionCount(), e);
        }
    }

    @Override
    void sweepActionForGradient() {
        try {
            code.actionForGradient(v);
        } catch (DomainError e) {
            program.interpretForGradient(v);
            throw new IllegalStateException("compiled code failed where the interpreter did not: " + e.getMessage(), e);
        }
    }

    @Override
    void sweepBackward() {
        code.backward(v, bar);
    }

    @Override
    boolean sweepBackward(double[] gradient, int offset) {
        if (!gradientInPlace) return super.sweepBackward(gradient, offset);
        code.backward(v, bar, gradient, offset);
        return false;
    }

    private RuntimeException explain(int from, int to, DomainError e) {
        program.interpret(v, from, to);
        return new IllegalStateException("compiled code failed where the interpreter did not: " + e.getMessage(), e);
    }
}
