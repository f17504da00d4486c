package dev.policygrad.policy;

import dev.policygrad.ad.Backend;
import dev.policygrad.ad.Program;
import dev.policygrad.ad.Tape;
import dev.policygrad.diag.EvalError;
import dev.policygrad.diag.UsageError;
import dev.policygrad.dist.Distribution;
import dev.policygrad.dist.Sampling;
import dev.policygrad.dist.Values;
import dev.policygrad.ir.DomainError;
import java.util.SplittableRandom;

/**
 * One thread's view of a {@link Policy}: log pi(a | s), the score d log pi(a | s) / d theta, and
 * sampling a ~ pi(. | s). Holds the preallocated tapes; allocates nothing per call. Not thread-safe.
 *
 * <p>Actions are passed as the engine sees them: the index for discrete actions (0 for the first
 * declared), the value for a real action. A vector action {@code a[K] : real} is passed as its K
 * components in an array (from an offset, so an episode's flat action array needs no copying), through
 * the {@code double[]} forms; those also take every scalar action, as one component.
 */
public final class Evaluator {

    private static final double[] NO_STATE = new double[0];

    private final Policy policy;
    /** The policy's distribution, or null for a log-density formula. */
    private final Distribution distribution;
    private final Tape logPi;
    /** The distribution's parameters (outputs 1..) read in place on the tape. */
    private final Values distributionValues;
    private final double[] actionLogits;
    private final Values actionLogitValues;
    /** K for a vector action {@code a[K] : real} (drawn component by component), 0 for a scalar one. */
    private final int components;

    Evaluator(Policy policy, Backend backend) {
        this.policy = policy;
        this.distribution = policy.spec().distribution();
        Program program = policy.logPiProgram();
        this.logPi = program.newTape(backend);
        int[] sizes = new int[program.outputCount() - 1];
        for (int k = 1; k < program.outputCount(); k++) sizes[k - 1] = program.outputShape(k).size();
        Tape tape = logPi;
        distributionValues = new Values() {
            @Override
            public double get(int parameter, int index) {
                return tape.output(parameter + 1, index);
            }

            @Override
            public int size(int parameter) {
                return sizes[parameter];
            }
        };
        this.actionLogits = new double[policy.actions().isDiscrete() ? policy.actions().count() : 0];
        this.actionLogitValues = Values.of(actionLogits);
        this.components = policy.actions().dimension();
    }

    /** The number of doubles one action takes: K for {@code a[K] : real}, 1 otherwise. */
    public int actionSize() {
        return Math.max(1, components);
    }

    public Policy policy() {
        return policy;
    }

    /** log pi(action | state). */
    public double logPi(double[] theta, double[] state, double action) {
        return logPi.forward(theta, orEmpty(state), action);
    }

    /** log pi(action | state), the action's components at {@code action[offset, offset + K)}. */
    public double logPi(double[] theta, double[] state, double[] action, int offset) {
        return logPi.forward(theta, orEmpty(state), action, offset);
    }

    /** As {@link #score(double[], double[], double, double[])}, the action's components from {@code offset}. */
    public double score(double[] theta, double[] state, double[] action, int offset, double[] gradient) {
        double value = logPi.forward(theta, orEmpty(state), action, offset);
        logPi.backward(gradient);
        return value;
    }

    /** As {@link #accumulateScore(double[], double[], double, double, double[])}, the action's components from {@code offset}. */
    public double accumulateScore(double[] theta, double[] state, double[] action, int offset, double weight,
            double[] accumulator) {
        double value = logPi.forward(theta, orEmpty(state), action, offset);
        logPi.backwardAccumulate(weight, accumulator);
        return value;
    }

    /** Writes d log pi(action | state) / d theta into {@code gradient}; returns log pi. */
    public double score(double[] theta, double[] state, double action, double[] gradient) {
        double value = logPi.forward(theta, orEmpty(state), action);
        logPi.backward(gradient);
        return value;
    }

    /** {@code accumulator += weight * d log pi(action | state) / d theta}; returns log pi. */
    public double accumulateScore(double[] theta, double[] state, double action, double weight, double[] accumulator) {
        double value = logPi.forward(theta, orEmpty(state), action);
        logPi.backwardAccumulate(weight, accumulator);
        return value;
    }

    /** The tape of the last log pi evaluation, for tracing. */
    public Tape tape() {
        return logPi;
    }

    /**
     * Loads theta for the steps that follow ({@link #sample(double[], SplittableRandom)} and the other
     * forms without theta): an episode's steps share it, so it is copied into the tape once per
     * episode, not once per step. A form that takes theta loads it too.
     */
    public void loadParameters(double[] theta) {
        logPi.loadParameters(theta);
    }

    /** An action drawn from pi(. | state); a scalar action (see {@link #sample(double[], double[], SplittableRandom, double[], int)}). */
    public double sample(double[] theta, double[] state, SplittableRandom random) {
        logPi.loadParameters(theta);
        return sample(state, random);
    }

    /** As {@link #sample(double[], double[], SplittableRandom)} with the theta last loaded ({@link #loadParameters}). */
    public double sample(double[] state, SplittableRandom random) {
        requireScalar();
        evaluateForSampling(state);
        return drawFromEvaluatedState(state, random);
    }

    /**
     * An action drawn from pi(. | state) into {@code action[offset, offset + K)}: component k is the
     * k-th draw from {@code random}, so a draw is the same on every thread and backend, and a scalar
     * action is drawn as {@link #sample(double[], double[], SplittableRandom)} draws it.
     */
    public void sample(double[] theta, double[] state, SplittableRandom random, double[] action, int offset) {
        logPi.loadParameters(theta);
        sample(state, random, action, offset);
    }

    /** As {@link #sample(double[], double[], SplittableRandom, double[], int)} with the theta last loaded. */
    public void sample(double[] state, SplittableRandom random, double[] action, int offset) {
        evaluateForSampling(state);
        drawFromEvaluatedState(state, random, action, offset);
    }

    /** A distribution needs only its parameters (outputs 1..), not log pi itself. */
    private void evaluateForSampling(double[] state) {
        if (distribution != null) logPi.forwardSideOutputs(orEmpty(state));
        else logPi.forwardState(orEmpty(state));
    }

    /**
     * Draws a ~ pi(. | state) into {@code action[actionOffset, actionOffset + K)} and writes
     * d log pi(a | state) / d theta into {@code score} from {@code scoreOffset}, in one forward sweep
     * (as {@link #sampleAndScore(double[], double[], SplittableRandom, double[], int)}).
     */
    public void sampleAndScore(double[] theta, double[] state, SplittableRandom random, double[] action,
            int actionOffset, double[] score, int scoreOffset) {
        logPi.loadParameters(theta);
        sampleAndScore(state, random, action, actionOffset, score, scoreOffset);
    }

    /** As {@link #sampleAndScore(double[], double[], SplittableRandom, double[], int, double[], int)} with the theta last loaded. */
    public void sampleAndScore(double[] state, SplittableRandom random, double[] action, int actionOffset,
            double[] score, int scoreOffset) {
        logPi.forwardState(orEmpty(state));
        drawFromEvaluatedState(state, random, action, actionOffset);
        logPi.gradientForAction(action, actionOffset, score, scoreOffset);
    }

    /**
     * Draws a ~ pi(. | state), writes d log pi(a | state) / d theta into {@code score} and returns a.
     * One forward sweep serves both: what does not depend on the action (the logits, the mean and
     * std) is evaluated once, then only what the score needs of the rest ({@link Tape#gradientForAction}:
     * not log pi's value).
     */
    public double sampleAndScore(double[] theta, double[] state, SplittableRandom random, double[] score) {
        return sampleAndScore(theta, state, random, score, 0);
    }

    /** As {@link #sampleAndScore(double[], double[], SplittableRandom, double[])}, the score written from {@code offset}. */
    public double sampleAndScore(double[] theta, double[] state, SplittableRandom random, double[] score, int offset) {
        logPi.loadParameters(theta);
        return sampleAndScore(state, random, score, offset);
    }

    /** As {@link #sampleAndScore(double[], double[], SplittableRandom, double[], int)} with the theta last loaded. */
    public double sampleAndScore(double[] state, SplittableRandom random, double[] score, int offset) {
        requireScalar();
        logPi.forwardState(orEmpty(state));
        double action = drawFromEvaluatedState(state, random);
        logPi.gradientForAction(action, score, offset);
        return action;
    }

    private void drawFromEvaluatedState(double[] state, SplittableRandom random, double[] action, int offset) {
        Distribution d = distribution;
        if (d != null && components > 0) {
            try {
                d.sample(distributionValues, random, action, offset);
            } catch (DomainError e) {
                throw undefined(e, state);
            }
        } else {
            action[offset] = drawFromEvaluatedState(state, random);
        }
    }

    private void requireScalar() {
        if (components > 0) {
            throw new IllegalStateException("the action " + policy.actions().name() + " has "
                    + policy.actions().dimension() + " components; draw it into an array");
        }
    }

    private double drawFromEvaluatedState(double[] state, SplittableRandom random) {
        Distribution d = distribution;
        if (d != null) {
            try {
                return d.sample(distributionValues, random);
            } catch (DomainError e) {
                throw undefined(e, state);
            }
        }
        if (!policy.actions().isDiscrete()) {
            throw new UsageError(policy.spec().span(), "cannot sample from a log-density formula over a real action; "
                    + "write the policy as normal(mean = ..., std = ...) to sample from it");
        }
        for (int i = 0; i < actionLogits.length; i++) actionLogits[i] = logPi.forwardAction(i);
        try {
            return Sampling.categoricalFromLogits(actionLogitValues, 0, random);
        } catch (DomainError e) {
            throw new EvalError(policy.spec().span(), "log pi of each action, drawn from as logits: " + e.getMessage());
        }
    }

    /**
     * The error for distribution parameters no action can be drawn from (a NaN logit, a std of 0, a
     * NaN mean): the tape's own, where log pi's kernel checks the same (evaluating log pi at the first
     * action or at 0 meets it, with its message and source position), else one at the policy; either
     * names the state when it is not finite (an environment that overflowed, say).
     */
    private EvalError undefined(DomainError e, double[] state) {
        String where = "";
        for (double x : orEmpty(state)) {
            if (!Double.isFinite(x)) {
                where = " (at a state that is not finite: s = " + java.util.Arrays.toString(state) + ")";
                break;
            }
        }
        try {
            if (components > 0) logPi.forwardAction(new double[components], 0);
            else logPi.forwardAction(0);
        } catch (EvalError tape) {
            return where.isEmpty() ? tape : new EvalError(tape.span(), tape.getMessage() + where, tape.operation());
        }
        return new EvalError(policy.spec().span(), e.getMessage() + " in " + distribution.name() + "(...)" + where);
    }

    /** log sum_a pi(a | state) over the discrete actions: 0 when the policy is normalized. */
    public double logNormalizer(double[] theta, double[] state) {
        double max = Double.NEGATIVE_INFINITY;
        logPi.forwardState(theta, orEmpty(state));
        for (int i = 0; i < actionLogits.length; i++) {
            actionLogits[i] = logPi.forwardAction(i);
            max = Math.max(max, actionLogits[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (double l : actionLogits) sum += Math.exp(l - max);
        return max + Math.log(sum);
    }

    private static double[] orEmpty(double[] state) {
        return state == null ? NO_STATE : state;
    }
}
