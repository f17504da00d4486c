package dev.policygrad.ad;

import dev.policygrad.ir.Op;
import java.util.Arrays;

/**
 * The reference backend: the forward sweep runs {@code v[out] = op(v[args])} instruction by
 * instruction, each primitive's own kernel reading its registers and shapes from the instruction
 * (see {@link dev.policygrad.ir.Instr}); the reverse sweep applies each kernel's vector-Jacobian
 * product in the program's backward schedule. {@link Trace} reads its registers.
 */
final class InterpretedTape extends ArrayTape {

    private final int[] code;
    private final int[] backwardPcs;
    private final Op[] backwardOps;

    InterpretedTape(Program program) {
        super(program);
        this.code = program.code;
        this.backwardPcs = program.backwardPcs;
        this.backwardOps = new Op[backwardPcs.length];
        for (int i = 0; i < backwardOps.length; i++) backwardOps[i] = program.ops[program.backwardInstructions[i]];
    }

    @Override
    void sweepSide() {
        program.interpret(v, 0, Math.max(0, program.sideEnd));
    }

    @Override
    void sweepState() {
        program.interpret(v, Math.max(0, program.sideEnd), program.actionStart);
    }

    @Override
    void sweepAction() {
        program.interpret(v, program.actionStart, program.instructionCount());
    }

    @Override
    void sweepActionForGradient() {
        program.interpretForGradient(v);
    }

    @Override
    void sweepBackward() {
        Arrays.fill(bar, 0, program.parameterCount(), 0.0);
        Arrays.fill(bar, program.firstDependent(), bar.length, 0.0);
        bar[program.outputRegister(0)] = 1;
        for (int i = 0; i < backwardPcs.length; i++) backwardOps[i].backward(v, bar, code, backwardPcs[i]);
    }
}
