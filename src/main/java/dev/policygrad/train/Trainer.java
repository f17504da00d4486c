package dev.policygrad.train;

import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.EpisodeSeeds;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.EstimatorChoice;
import dev.policygrad.objective.ExactObjective;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.policy.Policy;
import java.util.List;

/**
 * Policy-gradient training: for k = 1, 2, ..., estimate g_k ~ grad J(theta_{k-1}) and let the
 * optimizer step uphill, theta_k = theta_{k-1} + step(g_k). The estimate is the mean of the chosen
 * estimator's per-episode estimates over a batch of N episodes played from the seed
 * {@link #batchSeed}(seed, k), g_k = (1/N) sum_i g(tau_i): REINFORCE (Williams 1992; steps (9) and (11)
 * of docs/derivation.md), g(tau) = sum_t w_t grad log pi(a_t | s_t), GAE, or an {@code estimator}
 * formula the program declares ({@link EstimatorChoice#estimate}); or, with
 * {@link TrainingSettings#exactGradient()}, the exact grad J of a finite MDP by the policy gradient
 * theorem ({@link ExactObjective}).
 *
 * <p>Iteration k depends only on theta_{k-1}, the optimizer's state and (seed, k), never on the
 * thread count or on earlier batches, so a run stopped after k iterations and resumed from a
 * {@link Checkpoint} ends with the same bits as a run that never stopped.
 *
 * <p>On a finite MDP every row also records the exact J(theta_{k-1}), one linear solve per iteration.
 * Holds one exact evaluator, so an instance is for one thread (the rollouts inside use many).
 */
public final class Trainer {

    /** Called after each iteration, e.g. to draw progress or write a checkpoint. */
    public interface Listener {
        void iterationDone(MetricRow row, TrainingRun run);
    }

    private final Policy policy;
    private final Environment environment;
    private final TrainingSettings settings;
    private final ExactObjective exact;

    public Trainer(Policy policy, Environment environment, TrainingSettings settings) {
        this.policy = policy;
        this.environment = environment;
        this.settings = settings;
        settings.estimator().requireValid(policy.program(), environment);
        this.exact = environment instanceof FiniteMdp mdp ? new ExactObjective(mdp, policy) : null;
        if (settings.exactGradient() && exact == null) {
            throw new UsageError("training with the exact gradient needs a finite MDP ('mdp' block); " + environment.name()
                    + " has no exact gradient to train with");
        }
    }

    public TrainingSettings settings() {
        return settings;
    }

    /** A new run from {@code theta} with a fresh {@code optimizer}, its metric rows kept in memory. */
    public TrainingRun start(double[] theta, Optimizer optimizer) {
        return start(theta, optimizer, MetricLog.inMemory());
    }

    /** A new run from {@code theta} with a fresh {@code optimizer}, its metric rows appended to {@code log} (empty). */
    public TrainingRun start(double[] theta, Optimizer optimizer, MetricLog log) {
        checkLength(theta.length, "theta");
        if (log.size() != 0) throw new IllegalArgumentException("a new run needs an empty metric log");
        return new TrainingRun(theta, optimizer, log);
    }

    /** The run {@code checkpoint} was taken from, ready to continue, its metric rows read into memory. */
    public TrainingRun resume(Checkpoint checkpoint) {
        return resume(checkpoint, rows -> MetricLog.inMemory().startingWith(rows));
    }

    /**
     * The run {@code checkpoint} was taken from, ready to continue, its metric rows appended to the log
     * {@code logFor} makes, once the checkpoint is found to fit, from the checkpoint's rows, which it holds
     * ({@link MetricLog#continuing}, {@link MetricLog#startingWith}).
     */
    public TrainingRun resume(Checkpoint checkpoint, java.util.function.Function<MetricLog.Snapshot, MetricLog> logFor) {
        check(checkpoint);
        MetricLog log = logFor.apply(checkpoint.metrics());
        if (log.size() != checkpoint.iteration()) {
            log.close();
            throw new IllegalArgumentException("the log has " + log.size() + " rows, the checkpoint " + checkpoint.iteration());
        }
        return new TrainingRun(checkpoint.theta(), Optimizer.restore(checkpoint.optimizer()), log);
    }

    private void check(Checkpoint checkpoint) {
        if (!checkpoint.names().equals(policy.parameterNames())) {
            throw new UsageError("the checkpoint's parameters " + checkpoint.names() + " are not the policy's "
                    + policy.parameterNames());
        }
        if (checkpoint.metrics().rows() != checkpoint.iteration()) {
            throw new UsageError("the checkpoint is at iteration " + checkpoint.iteration() + " but has "
                    + checkpoint.metrics().rows() + " metric rows");
        }
        for (double[] vector : checkpoint.optimizer().vectors().values()) checkLength(vector.length, "optimizer state");
    }

    /** A snapshot of {@code run} with this trainer's settings, naming the program {@code files}. */
    public Checkpoint checkpoint(TrainingRun run, List<String> files) {
        double[] theta = run.theta();
        EstimatorChoice estimator = settings.estimator();
        return new Checkpoint(files, run.iteration(), settings.seed(), estimator.name(), estimator.baseline(),
                estimator.lambda(), estimator.critic(), settings.exactGradient(), settings.episodes(),
                policy.parameterNames(), theta, ParameterBlocks.of(policy.parameters(), theta),
                run.optimizer().state(), run.log().snapshot());
    }

    /**
     * Runs iterations until {@code run} has done {@code iterations}, telling {@code listener} (may be null) after each.
     * An iteration that fails throws {@link IterationFailed} naming it ("at iteration 7 of 10: ...") and leaves
     * {@code run} at the last completed iteration.
     */
    public void train(TrainingRun run, int iterations, Listener listener) {
        while (run.iteration() < iterations) {
            MetricRow row;
            try {
                row = iterate(run);
            } catch (IterationFailed e) {
                throw e;
            } catch (PolicygradException e) {
                int k = run.iteration() + 1;
                throw new IterationFailed(e, k, "at iteration " + k + " of " + iterations + ": " + e.getMessage());
            }
            if (listener != null) listener.iterationDone(row, run);
        }
    }

    /**
     * Iteration {@code run.iteration() + 1}: one gradient, one optimizer step, one row. When it fails (an
     * evaluation error, or a step to a non-finite theta) {@code run} is left as it was, theta and optimizer both.
     */
    public MetricRow iterate(TrainingRun run) {
        long started = System.nanoTime();
        int k = run.iteration() + 1;
        double[] theta = run.thetaInPlace();
        double[] gradient;
        double meanReturn, standardError, exactJ;
        long steps;
        if (settings.exactGradient()) {
            ObjectiveResult result = exact.evaluate(theta);
            gradient = result.gradient();
            meanReturn = exactJ = result.J();
            standardError = 0;
            steps = 0;
        } else {
            Batch batch = new Batch(settings.episodes(), batchSeed(settings.seed(), k), settings.threads());
            Estimate estimate = settings.estimator().estimate(policy.program(), policy, environment, theta, batch);
            gradient = estimate.mean();
            meanReturn = estimate.meanReturn();
            standardError = estimate.returnStandardError();
            exactJ = exact == null ? Double.NaN : exact.value(theta);
            steps = estimate.steps();
        }
        // step a copy, so that a step that diverges leaves the run at the last completed iteration
        OptimizerState before = run.optimizer().state();
        double[] next = theta.clone();
        run.optimizer().step(next, gradient);
        for (int i = 0; i < next.length; i++) {
            if (!Double.isFinite(next[i])) {
                run.replaceOptimizer(Optimizer.restore(before));
                String message = "training diverged: " + policy.parameterNames().get(i) + " became " + next[i]
                        + " at iteration " + k + "; try a smaller learning rate";
                throw new IterationFailed(new UsageError(message), k, message);
            }
        }
        MetricRow last = run.last();
        long elapsed = (last == null ? 0 : last.elapsedMillis()) + (System.nanoTime() - started) / 1_000_000;
        MetricRow row = new MetricRow(k, meanReturn, standardError, exactJ, norm(gradient), steps, elapsed);
        // the row first: a log that cannot be written leaves theta and the optimizer where they were
        try {
            run.record(row);
        } catch (RuntimeException e) {
            run.replaceOptimizer(Optimizer.restore(before));
            throw e;
        }
        System.arraycopy(next, 0, theta, 0, theta.length);
        return row;
    }

    /** J(theta) exactly on a finite MDP, else NaN. */
    public double exactObjective(double[] theta) {
        return exact == null ? Double.NaN : exact.value(theta);
    }

    /**
     * The seed of iteration k's batch: a function of (seed, k) alone. The stream index is -k, so it
     * never coincides with episode k's stream in a batch seeded with {@code seed} itself.
     */
    public static long batchSeed(long seed, int iteration) {
        return EpisodeSeeds.random(seed, -iteration).nextLong();
    }

    private void checkLength(int length, String what) {
        int p = policy.parameters().size();
        if (length != p) throw new UsageError(what + " has " + length + " entries; the policy has " + p + " parameters");
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double x : v) sum += x * x;
        return Math.sqrt(sum);
    }
}
