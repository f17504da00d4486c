package dev.policygrad.env;

import dev.policygrad.ad.Program;
import dev.policygrad.ad.Tape;
import java.util.SplittableRandom;

/**
 * An environment written as formulas ({@code env name { start = ...  next = ...  reward = ...
 * done = ... }}) of the policy's state {@code s}, its action {@code a} and noise drawn with
 * {@code normal(mean, std)} or {@code uniform(low, high)} (fresh, independent draws at every step);
 * a vector action {@code a[K] : real} is read as {@code a[0]}, {@code a[1]}, ... or as a vector:
 * <pre>
 *   s_0     = start                      (may draw noise)
 *   s_{t+1} = next(s_t, a_t, noise_t)
 *   r_{t+1} = reward(s_t, a_t, noise_t)  (like LQR: the state before the step and the action taken;
 *                                         the same draws as next when both use noise)
 *   ends when done(s_{t+1}) is non-zero, or after the horizon
 * </pre>
 * The policy observes the state itself. {@code start} is compiled once into a {@link Program}, and
 * {@code next}, {@code reward} and {@code done} into one more (done over the next state's node, its
 * noise drawn after theirs), so a step is one sweep of one tape; it allocates nothing. Built and checked by
 * {@link dev.policygrad.check.Checker} (which lowers and checks its formulas).
 */
public final class FormulaEnvironment implements Environment {

    /** A compiled formula with the kinds of the noise draws it reads (true: normal, false: uniform). */
    public record Compiled(Program program, boolean[] normalNoise) {}

    private final String name;
    private final int stateSize;
    private final double gamma;
    private final int horizon;
    private final boolean horizonIsCap;
    private final Compiled start;
    /** next (output 0), reward (1) and, with {@link #hasDone}, done of the next state (2). */
    private final Compiled step;
    private final boolean hasDone;

    public FormulaEnvironment(String name, int stateSize, double gamma, int horizon, boolean horizonIsCap, Compiled start,
            Compiled step, boolean hasDone) {
        this.name = name;
        this.stateSize = stateSize;
        this.gamma = gamma;
        this.horizon = horizon;
        this.horizonIsCap = horizonIsCap;
        this.start = start;
        this.step = step;
        this.hasDone = hasDone;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int observationSize() {
        return stateSize;
    }

    @Override
    public double gamma() {
        return gamma;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public boolean horizonIsCap() {
        return horizonIsCap;
    }

    /** Whether a {@code done} formula is given (otherwise episodes run to the horizon). */
    public boolean hasDone() {
        return hasDone;
    }

    @Override
    public Simulator newSimulator() {
        return new FormulaSimulator();
    }

    private final class FormulaSimulator implements Simulator {
        private final double[] noTheta = new double[0];
        private final double[] state = new double[stateSize];
        private final Tape startTape = start.program().newTape();
        private final Tape stepTape = step.program().newTape();
        private final double[] startNoise = new double[start.normalNoise().length];
        private final double[] stepNoise = new double[step.normalNoise().length];
        private final double[] scalarAction = new double[1];
        private boolean ended;

        @Override
        public void reset(SplittableRandom random, double[] observation) {
            startTape.forward(noTheta, state, 0, draw(start.normalNoise(), startNoise, random));
            startTape.output(0, state);
            ended = false;
            System.arraycopy(state, 0, observation, 0, stateSize);
        }

        @Override
        public double step(double action, SplittableRandom random, double[] observation) {
            scalarAction[0] = action;
            return step(scalarAction, 0, random, observation);
        }

        @Override
        public double step(double[] action, int offset, SplittableRandom random, double[] observation) {
            stepTape.forward(noTheta, state, action, offset, draw(step.normalNoise(), stepNoise, random));
            double reward = stepTape.output(1, 0);
            stepTape.output(0, state);
            ended = hasDone && stepTape.output(2, 0) != 0;
            // an element loop, not System.arraycopy: a handful of values, and the copy stub's call costs more
            for (int i = 0; i < stateSize; i++) observation[i] = state[i];
            return reward;
        }

        @Override
        public boolean terminal() {
            return ended;
        }
    }

    private static double[] draw(boolean[] normal, double[] into, SplittableRandom random) {
        for (int i = 0; i < into.length; i++) into[i] = normal[i] ? random.nextGaussian() : random.nextDouble();
        return into;
    }
}
