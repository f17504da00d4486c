package dev.policygrad.ad;

import java.util.Arrays;
import java.util.Objects;

/**
 * What both backends share: the value array {@code v} and the adjoint array {@code bar}, allocated
 * once per tape, and the loading of theta, the state, the action and the noise into their
 * registers. A backend supplies the three sweeps: the instructions that do not read the action,
 * those that do, and the reverse sweep for output 0.
 */
abstract class ArrayTape implements Tape {

    final Program program;
    final double[] v;
    final double[] bar;
    /** Per call, only fields: the register of output 0, each output's register and size. */
    private final int output0;
    private final int[] outputRegisters;
    private final int[] outputSizes;
    private final boolean scalarOutput0;
    /** Whether a gradient alone leaves output 0 uncomputed ({@link Program#gradientEnd}). */
    private final boolean gradientSkipsRoot;
    private boolean evaluated;
    private boolean stateEvaluated;
    private boolean sideEvaluated;
    /** The last reverse sweep left the parameters' adjoints out of {@code bar} ({@link #adjointsToRegisters}). */
    private boolean parameterAdjointsOutside;
    /** The last sweep computed output 0's gradient but not its value ({@link #gradientForAction}). */
    private boolean valueSkipped;

    ArrayTape(Program program) {
        this.program = program;
        this.v = program.template();
        this.bar = new double[program.registerCount()];
        this.output0 = program.outputRegister(0);
        int n = program.outputCount();
        this.outputRegisters = new int[n];
        this.outputSizes = new int[n];
        for (int k = 0; k < n; k++) {
            outputRegisters[k] = program.outputRegister(k);
            outputSizes[k] = program.outputShape(k).size();
        }
        this.scalarOutput0 = outputSizes[0] == 1;
        this.gradientSkipsRoot = program.gradientEnd < program.instructionCount();
    }

    /** Runs the instructions outputs 1.. need, which come first ({@link Program#sideEnd}). */
    abstract void sweepSide();

    /** Runs the rest of the instructions before {@link Program#actionStart}. */
    abstract void sweepState();

    /** Runs the instructions from {@link Program#actionStart} on. */
    abstract void sweepAction();

    /** {@link #sweepSide} then {@link #sweepState}; a backend may run them as one call. */
    void sweepSideAndState() {
        sweepSide();
        sweepState();
    }

    /** Every instruction: {@link #sweepSide}, {@link #sweepState}, {@link #sweepAction}; a backend may run them as one call. */
    void sweepAllInstructions() {
        sweepSide();
        sweepState();
        sweepAction();
    }

    /**
     * Runs what a gradient alone needs of the action's instructions ({@link Program#interpretForGradient}):
     * {@link #sweepAction} when the root is not skipped.
     */
    abstract void sweepActionForGradient();

    /**
     * The reverse sweep for output 0: leaves {@code bar} holding {@code d output0 / d register} for the
     * parameters and every parameter-dependent register, as if it had been cleared, seeded with
     * {@code bar[output0] = 1} and swept.
     */
    abstract void sweepBackward();

    /**
     * The reverse sweep with the parameters' adjoints in {@code gradient[offset, offset + P)} (bounds
     * checked by the caller); returns whether {@code bar} holds them too. Here, {@link #sweepBackward()}
     * and a copy; compiled code may write them there directly, leaving {@code bar}'s parameter registers.
     */
    boolean sweepBackward(double[] gradient, int offset) {
        sweepBackward();
        copy(bar, 0, gradient, offset, program.parameterCount());
        return true;
    }

    @Override
    public final Program program() {
        return program;
    }

    @Override
    public final double forward(double[] theta, double[] state, double action) {
        requireNoNoise();
        load(theta, state);
        loadScalarAction(action);
        return sweepAll();
    }

    @Override
    public final double forward(double[] theta, double[] state, double action, double[] noise) {
        load(theta, state);
        loadScalarAction(action);
        return sweepWithNoise(noise);
    }

    @Override
    public final double forward(double[] theta, double[] state, double[] action, int actionOffset) {
        requireNoNoise();
        load(theta, state);
        loadAction(action, actionOffset);
        return sweepAll();
    }

    @Override
    public final double forward(double[] theta, double[] state, double[] action, int actionOffset, double[] noise) {
        load(theta, state);
        loadAction(action, actionOffset);
        return sweepWithNoise(noise);
    }

    private double sweepWithNoise(double[] noise) {
        int n = program.noiseCount();
        if (n > 0) {
            if (noise == null || noise.length < n) {
                throw new IllegalArgumentException("expected " + n + " noise draws, got "
                        + (noise == null ? 0 : noise.length));
            }
            copy(noise, 0, v, program.noiseStart(), n);
        }
        return sweepAll();
    }

    /** Runs every instruction on the loaded inputs; returns output 0's first element. */
    private double sweepAll() {
        sweepAllInstructions();
        evaluated = true;
        stateEvaluated = true;
        valueSkipped = false;
        return v[output0];
    }

    @Override
    public final void forwardState(double[] theta, double[] state) {
        loadParameters(theta);
        forwardState(state);
    }

    @Override
    public final void forwardState(double[] state) {
        requireNoNoise();
        loadState(state);
        sweepSideAndState();
        stateEvaluated = true;
    }

    @Override
    public final void forwardSideOutputs(double[] theta, double[] state) {
        loadParameters(theta);
        forwardSideOutputs(state);
    }

    @Override
    public final void forwardSideOutputs(double[] state) {
        if (program.sideEnd < 0) {
            forwardState(state);
            return;
        }
        requireNoNoise();
        loadState(state);
        sweepSide();
        sideEvaluated = true;
    }

    @Override
    public final double forwardAction(double action) {
        completeState();
        loadScalarAction(action);
        return sweepActionOnly();
    }

    @Override
    public final double forwardAction(double[] action, int offset) {
        completeState();
        loadAction(action, offset);
        return sweepActionOnly();
    }

    @Override
    public final void gradientForAction(double action, double[] gradient, int offset) {
        completeState();
        loadScalarAction(action);
        gradientSweep(gradient, offset);
    }

    @Override
    public final void gradientForAction(double[] action, int actionOffset, double[] gradient, int offset) {
        completeState();
        loadAction(action, actionOffset);
        gradientSweep(gradient, offset);
    }

    /** Runs the state sweep after {@link #forwardSideOutputs} ran only its first part. */
    private void completeState() {
        if (!stateEvaluated) {
            if (!sideEvaluated) throw new IllegalStateException("forwardAction needs forwardState first");
            sweepState();
            stateEvaluated = true;
        }
    }

    private double sweepActionOnly() {
        evaluated = false;
        sweepAction();
        evaluated = true;
        valueSkipped = false;
        return v[output0];
    }

    /** The action's sweep as far as the gradient needs it, then the reverse sweep into {@code gradient}. */
    private void gradientSweep(double[] gradient, int offset) {
        evaluated = false;
        sweepActionForGradient();
        valueSkipped = gradientSkipsRoot;
        evaluated = true;
        backward(gradient, offset);
    }

    private void loadScalarAction(double action) {
        int a = program.actionRegister();
        if (a < 0) return;
        if (program.actionSize() != 1) {
            throw new IllegalArgumentException("this program reads an action of " + program.actionSize()
                    + " components; pass them as an array");
        }
        v[a] = action;
    }

    private void loadAction(double[] action, int offset) {
        int a = program.actionRegister();
        if (a < 0) return;
        int k = program.actionSize();
        if (k == 1 && offset >= 0 && offset < action.length) {
            v[a] = action[offset];
            return;
        }
        if (offset < 0 || action.length - offset < k) {
            throw new IllegalArgumentException("expected an action of " + k + " components from " + offset
                    + ", got an array of " + action.length);
        }
        copy(action, offset, v, a, k);
    }

    private void requireNoNoise() {
        if (program.noiseCount() > 0) {
            throw new IllegalStateException("this program reads " + program.noiseCount() + " noise draws; pass them");
        }
    }

    /** Loads theta and the state; the caller loads the action, if any. */
    private void load(double[] theta, double[] state) {
        loadParameters(theta);
        loadState(state);
    }

    @Override
    public final void loadParameters(double[] theta) {
        int p = program.parameterCount();
        if (theta.length < p) throw new IllegalArgumentException("expected " + p + " parameters, got " + theta.length);
        copy(theta, 0, v, 0, p);
        evaluated = false;
        stateEvaluated = false;
        sideEvaluated = false;
    }

    /** Loads the state into its registers; the parameters are the ones last loaded. */
    private void loadState(double[] state) {
        int s = program.stateSize();
        if (s > 0) {
            if (state == null || state.length < s) {
                throw new IllegalArgumentException("expected a state of " + s + " values, got "
                        + (state == null ? 0 : state.length));
            }
            copy(state, 0, v, program.stateStart(), s);
        }
        evaluated = false;
        stateEvaluated = false;
        sideEvaluated = false;
    }

    @Override
    public final double value() {
        requireValue(0);
        return v[output0];
    }

    @Override
    public final void output(int k, double[] dst) {
        requireValue(k);
        copy(v, outputRegisters[k], dst, 0, outputSizes[k]);
    }

    @Override
    public final double output(int k, int index) {
        requireValue(k);
        if (index < 0 || index >= outputSizes[k]) {
            throw new IndexOutOfBoundsException("output " + k + " has " + outputSizes[k] + " elements, asked for " + index);
        }
        return v[outputRegisters[k] + index];
    }

    private void requireValue(int k) {
        if (k == 0 && valueSkipped) {
            throw new IllegalStateException("the last sweep computed output 0's gradient alone, not its value");
        }
    }

    @Override
    public final void backward(double[] gradient, int offset) {
        int p = program.parameterCount();
        Objects.checkFromIndexSize(offset, p, gradient.length);
        if (adjointsZero()) {
            copy(bar, 0, gradient, offset, p);
        } else {
            parameterAdjointsOutside = !sweepBackward(gradient, offset);
        }
    }

    /**
     * Leaves the last reverse sweep's every adjoint in {@code bar}, the parameters' included, for a
     * {@link Trace}: where {@link #backward(double[], int)} wrote those only to the caller's array, the
     * sweep runs once more, into the registers (the same arithmetic, so the same bits).
     */
    final void adjointsToRegisters() {
        if (!parameterAdjointsOutside || !evaluated) return;
        parameterAdjointsOutside = false;
        sweepBackward();
    }

    /** Up to this many values, a copy is an element loop rather than a call of the copy stub. */
    private static final int SMALL_COPY = 16;

    /**
     * {@code System.arraycopy(src, from, dst, to, n)}, as an element loop for up to {@link #SMALL_COPY}
     * values: a sampled step copies a handful (the state in, a score or a formula environment's next state
     * out) and the copy stub's call cost about 5 ns of a 60 ns CartPole step.
     */
    private static void copy(double[] src, int from, double[] dst, int to, int n) {
        if (n > SMALL_COPY) {
            System.arraycopy(src, from, dst, to, n);
            return;
        }
        Objects.checkFromIndexSize(from, n, src.length);
        Objects.checkFromIndexSize(to, n, dst.length);
        for (int i = 0; i < n; i++) dst[to + i] = src[from + i];
    }

    @Override
    public final void backwardAccumulate(double weight, double[] accumulator) {
        if (!adjointsZero()) sweepBackward();
        int p = program.parameterCount();
        for (int i = 0; i < p; i++) accumulator[i] += weight * bar[i];
    }

    /**
     * Checks that a reverse sweep may run, and says whether it need not: output 0 depends on no
     * parameter, so every adjoint the sweep would leave is zero (and now is).
     */
    private boolean adjointsZero() {
        if (!evaluated) throw new IllegalStateException("backward needs a successful forward first");
        if (!scalarOutput0) {
            throw new IllegalStateException("backward needs a scalar output 0, got " + program.outputShape(0));
        }
        if (program.outputNeedsAdjoint()) return false;
        Arrays.fill(bar, 0, program.parameterCount(), 0.0);
        Arrays.fill(bar, program.firstDependent(), bar.length, 0.0);
        return true;
    }
}
