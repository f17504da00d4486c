package dev.policygrad.ad;

import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Op;
import java.util.Arrays;

/**
 * One thread's workspace for a {@link Program}: the value array {@code v} and the adjoint array
 * {@code bar}, allocated once and reused, so evaluating again allocates nothing.
 *
 * <p>{@link #forward} loads theta, the state, the action and the noise into their registers and runs
 * every instruction in order: {@code v[out] = op(v[args])}. {@link #backward} computes the gradient of
 * output 0 by the reverse sweep of reverse-mode automatic differentiation: with
 * {@code y_bar = d output0 / d y}, seed {@code output0_bar = 1} and, walking the instructions
 * backwards, apply each operation's vector-Jacobian product {@code x_bar += (dy/dx)^T y_bar}
 * (Griewank and Walther, <i>Evaluating Derivatives</i>, 2008, ch. 3). Then
 * {@code bar[0, parameterCount) = d output0 / d theta}.
 *
 * <p>Not thread-safe: make one tape per thread with {@link Program#newTape()}.
 */
public final class Tape {

    private final Program program;
    private final double[] v;
    private final double[] bar;
    private final int[] code;
    private final Op[] ops;
    private final int[] pcs;
    private final int[] backwardPcs;
    private final Op[] backwardOps;
    private boolean evaluated;
    private boolean stateEvaluated;

    Tape(Program program) {
        this.program = program;
        this.v = program.template();
        this.bar = new double[program.registerCount()];
        this.code = program.code;
        this.ops = program.ops;
        this.pcs = program.pcs;
        this.backwardPcs = program.backwardPcs;
        this.backwardOps = new Op[backwardPcs.length];
        for (int i = 0; i < backwardOps.length; i++) backwardOps[i] = ops[program.backwardInstructions[i]];
    }

    public Program program() {
        return program;
    }

    /**
     * Evaluates every output at {@code (theta, state, action)}, for programs that read no noise.
     *
     * @return the first element of output 0 (its value when it is a scalar, as log pi is)
     * @throws dev.policygrad.diag.EvalError at the operation whose argument left its domain
     */
    public double forward(double[] theta, double[] state, double action) {
        if (program.noiseCount() > 0) {
            throw new IllegalStateException("this program reads " + program.noiseCount() + " noise draws; pass them");
        }
        load(theta, state, action);
        run();
        return v[program.outputRegister(0)];
    }

    /** Evaluates every output at {@code (theta, state, action)} with the given noise draws. */
    public double forward(double[] theta, double[] state, double action, double[] noise) {
        load(theta, state, action);
        int n = program.noiseCount();
        if (n > 0) {
            if (noise == null || noise.length < n) {
                throw new IllegalArgumentException("expected " + n + " noise draws, got "
                        + (noise == null ? 0 : noise.length));
            }
            System.arraycopy(noise, 0, v, program.noiseStart(), n);
        }
        run();
        return v[program.outputRegister(0)];
    }

    private void load(double[] theta, double[] state, double action) {
        int p = program.parameterCount();
        if (theta.length < p) throw new IllegalArgumentException("expected " + p + " parameters, got " + theta.length);
        System.arraycopy(theta, 0, v, 0, p);
        int s = program.stateSize();
        if (s > 0) {
            if (state == null || state.length < s) {
                throw new IllegalArgumentException("expected a state of " + s + " values, got "
                        + (state == null ? 0 : state.length));
            }
            System.arraycopy(state, 0, v, program.stateStart(), s);
        }
        int a = program.actionRegister();
        if (a >= 0) v[a] = action;
        evaluated = false;
        stateEvaluated = false;
    }

    private void run() {
        run(0, ops.length);
        evaluated = true;
        stateEvaluated = true;
    }

    private void run(int from, int to) {
        int i = from;
        try {
            for (; i < to; i++) ops[i].forward(v, code, pcs[i]);
        } catch (DomainError e) {
            throw Program.evalError(ops[i], program.arity(i), program.span(i), e);
        }
    }

    /**
     * Evaluates everything that does not depend on the action, at {@code (theta, state)}: the
     * distribution's parameters, normalizers such as logsumexp(z). Then {@link #forwardAction} gives
     * the outputs for any action at the cost of the action-dependent instructions only, so sampling
     * and scoring share one forward sweep.
     */
    public void forwardState(double[] theta, double[] state) {
        if (program.noiseCount() > 0) {
            throw new IllegalStateException("this program reads " + program.noiseCount() + " noise draws; pass them");
        }
        load(theta, state, 0);
        run(0, program.actionStart);
        stateEvaluated = true;
    }

    /**
     * Completes a {@link #forwardState} sweep for {@code action}; may be called again with another
     * action. Returns output 0 (its first element).
     */
    public double forwardAction(double action) {
        if (!stateEvaluated) throw new IllegalStateException("forwardAction needs forwardState first");
        int a = program.actionRegister();
        if (a >= 0) v[a] = action;
        run(program.actionStart, ops.length);
        evaluated = true;
        return v[program.outputRegister(0)];
    }

    /** The value of output 0 (its first element) from the last {@link #forward}. */
    public double value() {
        return v[program.outputRegister(0)];
    }

    /** Copies output {@code k} (row-major) into {@code dst}. */
    public void output(int k, double[] dst) {
        System.arraycopy(v, program.outputRegister(k), dst, 0, program.outputShape(k).size());
    }

    /**
     * Overwrites {@code gradient[0, parameterCount)} with {@code d output0 / d theta} at the point of
     * the last {@link #forward}. Output 0 must be a scalar.
     */
    public void backward(double[] gradient) {
        backward(gradient, 0);
    }

    /** As {@link #backward(double[])}, into {@code gradient[offset, offset + parameterCount)}. */
    public void backward(double[] gradient, int offset) {
        sweep();
        System.arraycopy(bar, 0, gradient, offset, program.parameterCount());
    }

    /**
     * {@code accumulator += weight * d output0 / d theta}: one term of a REINFORCE sum
     * {@code sum_t G_t grad log pi(a_t | s_t)} (Williams 1992).
     */
    public void backwardAccumulate(double weight, double[] accumulator) {
        sweep();
        int p = program.parameterCount();
        for (int i = 0; i < p; i++) accumulator[i] += weight * bar[i];
    }

    private void sweep() {
        if (!evaluated) throw new IllegalStateException("backward needs a successful forward first");
        if (program.outputShape(0).size() != 1) {
            throw new IllegalStateException("backward needs a scalar output 0, got " + program.outputShape(0));
        }
        Arrays.fill(bar, 0, program.parameterCount(), 0.0);
        Arrays.fill(bar, program.firstDependent(), bar.length, 0.0);
        if (!program.outputNeedsAdjoint()) return;
        bar[program.outputRegister(0)] = 1;
        for (int i = 0; i < backwardPcs.length; i++) backwardOps[i].backward(v, bar, code, backwardPcs[i]);
    }

    /** A copy of the value registers, for tracing. */
    public double[] values() {
        return v.clone();
    }

    /** A copy of the adjoint registers from the last backward sweep, for tracing. */
    public double[] adjoints() {
        return bar.clone();
    }

    double[] liveValues() {
        return v;
    }

    double[] liveAdjoints() {
        return bar;
    }
}
