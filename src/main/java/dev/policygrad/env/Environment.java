package dev.policygrad.env;

/**
 * A task a policy acts in: an episodic Markov decision process with discount {@code gamma} and a
 * step limit. The engine only simulates it through {@link Simulator}s, one per thread, so any
 * dynamics written in Java can be used; finite MDPs, CartPole, LQR and environments written as
 * formulas implement it.
 */
public interface Environment {

    /** The name it was declared with ({@code short_corridor}, {@code cartpole}). */
    String name();

    /** The length of the state vector the policy observes (0 when it observes nothing). */
    int observationSize();

    /** The discount gamma in [0, 1]. */
    double gamma();

    /** The most steps an episode takes; an episode that reaches it is cut there. */
    int horizon();

    /**
     * Whether {@link #horizon()} is only a safety cap ({@link #STEP_CAP}) because the task itself
     * sets no step limit. An episode cut at a cap did not finish, so whoever runs episodes should
     * count and report such cuts rather than treat them as part of the task.
     */
    default boolean horizonIsCap() {
        return false;
    }

    /** The step limit of tasks that end only in a terminal state. */
    int STEP_CAP = 100_000;

    /** A fresh simulator, for one thread. */
    Simulator newSimulator();

    /**
     * One thread's running episode. Randomness comes only from the {@code random} passed in, so an
     * episode is a function of its random stream: the same stream gives the same episode.
     */
    interface Simulator {

        /** Starts an episode: draws s_0 and writes what the policy observes into {@code observation}. */
        void reset(java.util.SplittableRandom random, double[] observation);

        /**
         * Takes {@code action} (an index for discrete actions, a value for a real one), moves to
         * s_{t+1}, writes its observation, and returns the reward r_{t+1}.
         */
        double step(double action, java.util.SplittableRandom random, double[] observation);

        /**
         * As {@link #step(double, java.util.SplittableRandom, double[])} with the action's components
         * at {@code action[offset, offset + K)}: the form the engine calls, which a task with a vector
         * action {@code a[K] : real} implements. A task with a scalar action need not: by default it
         * takes the one component.
         */
        default double step(double[] action, int offset, java.util.SplittableRandom random, double[] observation) {
            return step(action[offset], random, observation);
        }

        /** Whether the current state is terminal (the episode ends without reaching the horizon). */
        boolean terminal();
    }
}
