package dev.policygrad.objective;

import dev.policygrad.env.Environment;
import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.env.FormulaEnvironment;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.Policy;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * J(theta) estimated from N sampled episodes, for environments without an exact solution
 * (CartPole, formula environments, LQR under a policy that is not Gaussian-affine), with its
 * standard error sd(G) / sqrt(N); and a gradient by central finite differences of that estimate with
 * common random numbers: episode n replays the same random stream ({@link EpisodeSeeds}) at
 * theta + h e_i and theta - h e_i, so much of the sampling noise cancels in the difference.
 *
 * <p>That cancellation needs the sampled episode to be a smooth function of theta. It is for a
 * Gaussian policy (the action is mean + std * z with z drawn once) in an environment of fixed length.
 * It is not for discrete actions: with the stream fixed, each sampled action is a step function of
 * theta, so the estimate of J is piecewise constant and its finite differences are a secant through
 * jumps, not dJ/dtheta. The result says so in its note. Episodes run in parallel, each on its own
 * stream, and are summed in episode order, so the numbers do not depend on the thread count.
 */
public final class MonteCarloObjective {

    /** An estimate of J: the mean return over N episodes, its standard error, and how many were cut at a cap. */
    public record ReturnEstimate(double mean, double standardError, int episodes, int cutAtCap) {}

    private final Environment environment;
    private final Policy policy;
    /** Told the episodes played so far during {@link #evaluate}, or null. */
    private java.util.function.IntConsumer progress;
    private final java.util.concurrent.atomic.AtomicInteger played = new java.util.concurrent.atomic.AtomicInteger();

    public MonteCarloObjective(Environment environment, Policy policy) {
        if (environment.observationSize() != policy.stateSize()) {
            throw new IllegalArgumentException("the environment shows " + environment.observationSize()
                    + " state values; the policy reads " + policy.stateSize());
        }
        this.environment = environment;
        this.policy = policy;
    }

    /** The mean discounted return over episodes 0 .. episodes-1 of the run {@code seed}. */
    public ReturnEstimate value(double[] theta, int episodes, long seed) {
        double[] returns = new double[episodes];
        int cut = run(theta, episodes, seed, returns);
        return summarize(returns, cut);
    }

    /**
     * J and its gradient: J from {@code episodes} episodes, each gradient component from
     * (J(theta + h e_i) - J(theta - h e_i)) / 2h over the same episodes.
     */
    public ObjectiveResult evaluate(double[] theta, int episodes, long seed) {
        return evaluate(theta, episodes, seed, null);
    }

    /** The episodes {@link #evaluate} plays: one batch at theta and two per parameter. */
    public static long episodesToPlay(int parameters, int episodes) {
        return (long) episodes * (1 + 2L * parameters);
    }

    /**
     * As {@link #evaluate(double[], int, long)}, telling {@code progress} (from any thread, or null)
     * how many of the {@link #episodesToPlay} episodes have been played.
     */
    public ObjectiveResult evaluate(double[] theta, int episodes, long seed, java.util.function.IntConsumer progress) {
        if (episodes < 2) throw new IllegalArgumentException("need at least 2 episodes, got " + episodes);
        this.progress = progress;
        this.played.set(0);
        double[] returns = new double[episodes];
        int cut = run(theta, episodes, seed, returns);
        ReturnEstimate j = summarize(returns, cut);
        boolean discrete = policy.actions().isDiscrete();
        double relativeStep = discrete ? 0.05 : 1e-4;
        double[] gradient = new double[theta.length];
        double largestError = 0;
        double[] plus = new double[episodes];
        double[] minus = new double[episodes];
        double[] x = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            double h = relativeStep * Math.max(1, Math.abs(theta[i]));
            x[i] = theta[i] + h;
            run(x, episodes, seed, plus);
            x[i] = theta[i] - h;
            run(x, episodes, seed, minus);
            x[i] = theta[i];
            for (int n = 0; n < episodes; n++) plus[n] = (plus[n] - minus[n]) / (2 * h);
            ReturnEstimate component = summarize(plus, 0);
            gradient[i] = component.mean();
            largestError = Math.max(largestError, component.standardError());
        }
        String method = "monte carlo: J from " + episodes + " episodes (seed " + seed + "); gradient by central "
                + "differences with common random numbers (h = " + relativeStep + " max(1, |theta_i|))";
        String bias = discrete ? "it is a finite-difference secant through the jumps of a piecewise-constant "
                + "Monte Carlo estimate (the actions are discrete), biased by an unknown amount" : "";
        return new ObjectiveResult(j.mean(), gradient, policy.parameterNames(), method, j.standardError(),
                note(discrete, largestError, cut), largestError, bias);
    }

    private String note(boolean discrete, double largestError, int cut) {
        StringBuilder note = new StringBuilder("largest standard error of a gradient component: "
                + String.format("%.3g", largestError) + ".");
        if (discrete) {
            note.append(" The actions are discrete: with common random numbers each sampled action is a step "
                    + "function of theta, so the estimate of J is piecewise constant and this gradient is a secant "
                    + "through its jumps, biased and noisy; it is not a reliable estimate of grad J. Use a REINFORCE "
                    + "estimator for discrete actions.");
        } else if (environment instanceof FormulaEnvironment f && f.hasDone()) {
            note.append(" Episodes end when 'done' becomes true, which can switch discontinuously with theta; "
                    + "where it does, the finite differences are biased.");
        }
        if (cut > 0) {
            note.append(" ").append(cut).append(" episode(s) did not finish and were cut at the ")
                    .append(environment.horizon()).append("-step cap, which biases J");
            note.append(environment.gamma() < 1 ? " by at most gamma^cap times the size of the later rewards." : ".");
        }
        return note.toString();
    }

    private static ReturnEstimate summarize(double[] values, int cut) {
        int n = values.length;
        double mean = 0;
        for (double v : values) mean += v;
        mean /= n;
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        double se = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Double.POSITIVE_INFINITY;
        return new ReturnEstimate(mean, se, n, cut);
    }

    /** Runs the episodes in parallel chunks, writing each discounted return; returns how many were cut at a cap. */
    private int run(double[] theta, int episodes, long seed, double[] returns) {
        int chunk = 64;
        int chunks = (episodes + chunk - 1) / chunk;
        return IntStream.range(0, chunks).parallel().map(c -> {
            Evaluator evaluator = policy.newEvaluator();
            Environment.Simulator simulator = environment.newSimulator();
            double[] observation = new double[environment.observationSize()];
            int cut = 0;
            for (int n = c * chunk; n < Math.min(episodes, (c + 1) * chunk); n++) {
                SplittableRandom random = EpisodeSeeds.random(seed, n);
                returns[n] = episode(theta, evaluator, simulator, observation, random);
                if (!simulator.terminal() && environment.horizonIsCap()) cut++;
            }
            java.util.function.IntConsumer told = progress;
            if (told != null) told.accept(played.addAndGet(Math.min(episodes, (c + 1) * chunk) - c * chunk));
            return cut;
        }).sum();
    }

    private double episode(double[] theta, Evaluator evaluator, Environment.Simulator simulator, double[] observation,
            SplittableRandom random) {
        simulator.reset(random, observation);
        double total = 0;
        double discount = 1;
        double gamma = environment.gamma();
        for (int t = 0; t < environment.horizon(); t++) {
            double action = evaluator.sample(theta, observation, random);
            total += discount * simulator.step(action, random, observation);
            discount *= gamma;
            if (simulator.terminal()) break;
        }
        return total;
    }
}
