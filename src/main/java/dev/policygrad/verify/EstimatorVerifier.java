package dev.policygrad.verify;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.EstimateFile;
import dev.policygrad.estimate.EstimatorChoice;
import dev.policygrad.estimate.EstimatorExpectation;
import dev.policygrad.estimate.EstimatorRecipe;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EpisodeRecord;
import dev.policygrad.estimate.ExactExpectation;
import dev.policygrad.estimate.GradientEstimator;
import dev.policygrad.estimate.PairedEstimates;
import dev.policygrad.estimate.PairedRows;
import dev.policygrad.estimate.PairedTally;
import dev.policygrad.estimate.StepBaseline;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.SourceTask;
import dev.policygrad.rollout.Task;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Verification of a named estimator, from the choice to the report: exactly when asked (every
 * trajectory of a finite MDP with a horizon), else by sampling, with the paired test whenever the
 * estimator runs per episode. One place for the sequence, so commands and the library's callers only
 * choose and render.
 */
public final class EstimatorVerifier {

    private final CheckedProgram program;
    private final Policy policy;
    private final Environment environment;
    private final double[] theta;

    public EstimatorVerifier(CheckedProgram program, Policy policy, Environment environment, double[] theta) {
        this.program = program;
        this.policy = policy;
        this.environment = environment;
        this.theta = theta.clone();
    }

    /**
     * The gradient of J to compare with: exact where possible; otherwise a Monte Carlo estimate from
     * episodes independent of the estimator's (seed ~S), whose standard error the test then includes.
     */
    public Reference reference(Batch batch) {
        return reference(batch, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #reference(Batch)}; where J is not exact, the sampled reference aims at half of
     * {@code estimatorError} (the estimate's smallest standard error) unless a target was set, and says
     * when it stays noisier than the estimate.
     */
    public Reference reference(Batch batch, double estimatorError) {
        VerificationSettings settings = new VerificationSettings(
                new Estimator(dev.policygrad.estimate.EstimatorKind.REWARD_TO_GO, dev.policygrad.estimate.BaselineKind.NONE),
                batch.episodes(), batch.seed(), batch.threads(), false, Verification.DEFAULT_ALPHA, referenceError);
        return References.of(task(), theta, settings, estimatorError, engine(batch));
    }

    /**
     * The same verifier with its episodes played on {@code engine} (the task shipped as {@code task}) and,
     * where J is not exact, a sampled reference brought to standard error {@code referenceError} (or null
     * for the default).
     */
    public EstimatorVerifier onEngine(RolloutEngine engine, SourceTask task, Double referenceError) {
        EstimatorVerifier v = new EstimatorVerifier(program, policy, environment, theta);
        v.engine = engine;
        v.sourceTask = task;
        v.referenceError = referenceError;
        return v;
    }

    private RolloutEngine engine;
    private SourceTask sourceTask;
    private Double referenceError;

    private Task task() {
        return sourceTask != null ? sourceTask : Task.of(policy, environment);
    }

    private RolloutEngine engine(Batch batch) {
        return engine != null ? engine : new Rollouts(batch.threads());
    }

    private static double smallestError(Estimate estimate) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : estimate.standardError()) if (s > 0 && s < smallest) smallest = s;
        return smallest;
    }

    /**
     * The estimator's episodes a progress bar counts before the reference (a sampled reference plays as
     * many more as its target needs, said in its method line): 0 here, kept for callers that add it.
     */
    public long referenceEpisodes(Batch batch) {
        return 0;
    }

    /** E[g] over every trajectory, compared with grad J to 1e-9. */
    public EstimatorReport exact(EstimatorChoice choice, Batch batch) {
        FiniteMdp mdp = finiteMdp();
        if (mdp.hasHorizon()) {
            dev.policygrad.env.TrajectoryBound.require(mdp, dev.policygrad.rollout.Trajectories.MAX_TRAJECTORIES,
                    "an exact verification");
        }
        Reference reference = reference(batch);
        if (choice.batchBaseline()) {
            Estimator chosen = choice.reinforce(program);
            StepBaseline baseline = chosen.frozenBaseline(policy, mdp, theta, batch);
            ExactExpectation expectation = ExactExpectation.over(mdp, chosen, baseline, policy, theta);
            return EstimatorVerification.withDiagnosis(Verification.exact(chosen, expectation, reference,
                    policy.parameterNames(), batch.episodes()));
        }
        GradientEstimator estimator = choice.resolve(program, policy, environment, theta, batch, true);
        EstimatorExpectation expectation = EstimatorExpectation.over(mdp, policy, theta, estimator);
        return EstimatorVerification.exact(estimator.label(), expectation, reference, policy.parameterNames());
    }

    /**
     * Samples {@code batch}. A per-episode estimator is paired with {@code referenceName} (by default
     * reward-to-go; total-return when the candidate is reward-to-go itself) on the same episodes.
     *
     * @param progress told the episodes played so far, of {@link EstimatorChoice#passes()} times the batch's
     *                 (a long: they may pass 2^31), or null
     */
    public EstimatorReport sampled(EstimatorChoice choice, String referenceName, Batch batch, double alpha,
            LongConsumer progress) {
        if (choice.batchBaseline()) {
            Estimator chosen = choice.reinforce(program);
            Estimate estimate = chosen.estimate(task(), theta, batch, engine(batch), progress);
            locateOverflow(estimate, batch);
            Reference reference = reference(batch, smallestError(estimate));
            VerificationReport report = Verification.sampled(estimate, reference, alpha);
            Estimate plain = Estimator.of(chosen.kind()).estimate(task(), theta, batch, engine(batch), null);
            report = report.withVarianceReduction(new VarianceReduction(chosen.baseline().label(),
                    plain.totalVariance(), estimate.totalVariance()));
            if (estimate.cutAtCap() > 0) {
                report = report.withWarning(estimate.cutAtCap() + " episode(s) were cut at the " + environment.horizon()
                        + "-step cap without finishing; their estimates miss the rest of the episode");
            }
            return EstimatorVerification.withPower(report, estimate);
        }
        // the candidate and the reference's difference as mergeable moments: memory constant in episodes
        RolloutEngine engine = engine(batch);
        int passes = choice.passes();
        long offset = (long) (passes - 1) * batch.episodes();
        EstimatorRecipe candidate = choice.prepare(program, task(), engine, theta, batch, progress);
        EstimatorChoice pairedChoice = pairedChoice(choice.name(), referenceName);
        EstimatorRecipe paired = pairedChoice.prepare(program, task(), engine, theta, batch, null);
        PairedTally.Estimators estimators = sourceTask != null
                ? new PairedTally.Shipped(sourceTask, candidate, paired, theta)
                : new PairedTally.InMemory(candidate.build(program, policy, environment, theta),
                        paired.build(program, policy, environment, theta));
        PairedEstimates data = PairedEstimates.sample(engine, task(), theta, batch, estimators,
                progress == null ? null : done -> progress.accept(offset + done));
        locateOverflow(data.candidate(), batch);
        Supplier<PairedRows> rows = () -> PairedRows.fits(batch.episodes(), theta.length, data.difference() != null)
                ? PairedRows.replay(engine, task(), theta, batch, estimators) : null;
        return EstimatorVerification.sampled(data, reference(batch, smallestError(data.candidate())), alpha, rows);
    }

    /**
     * When an estimate is not finite, an episode of the batch overflowed: the located error simulate and
     * sample give for it (which step of which episode, from the run's seed), before the reference plays
     * episodes of its own and fails less clearly.
     */
    private void locateOverflow(Estimate estimate, Batch batch) {
        if (!finite(estimate)) {
            dev.policygrad.objective.FiniteEpisodes.locate(task(), engine(batch), theta, batch.seed(), batch.episodes());
        }
    }

    private static boolean finite(Estimate estimate) {
        for (double x : estimate.mean()) if (!Double.isFinite(x)) return false;
        for (double x : estimate.standardError()) if (!Double.isFinite(x)) return false;
        return true;
    }

    /**
     * The proven estimator a candidate named {@code candidate} is paired with: {@code referenceName}, by
     * default reward-to-go (total-return when the candidate is reward-to-go itself).
     */
    private static EstimatorChoice pairedChoice(String candidate, String referenceName) {
        String name = referenceName != null ? referenceName
                : candidate.equals(EstimatorChoice.REFERENCE) ? "total-return" : EstimatorChoice.REFERENCE;
        if (!PROVEN.contains(name)) {
            // a reference that may be biased would have its bias blamed on the candidate
            throw new UsageError("--reference " + name + " is not a proven estimator; the paired test subtracts "
                    + "one whose expectation is grad J: " + String.join(" (step 9) or ", PROVEN) + " (step 11)");
        }
        if (name.equals(candidate)) {
            throw new UsageError("--reference " + name + " is the candidate itself; pair it with another estimator");
        }
        return EstimatorChoice.of(name);
    }

    /** The estimators the derivation proves unbiased, steps (9) and (11): the only ones a candidate is paired with. */
    private static final List<String> PROVEN = List.of("total-return", EstimatorChoice.REFERENCE);

    /** The proven estimator a candidate is paired with. */
    public GradientEstimator pairedReference(GradientEstimator candidate, String referenceName, Batch batch) {
        return pairedChoice(candidate.label(), referenceName).resolve(program, policy, environment, theta, batch, false);
    }

    public FiniteMdp finiteMdp() {
        if (!(environment instanceof FiniteMdp mdp)) {
            throw new UsageError("--exact enumerates every trajectory, so it needs an 'mdp' block with a horizon; "
                    + environment.name() + " is not a finite MDP");
        }
        return mdp;
    }

    /**
     * Estimates computed elsewhere, one row per episode. Without {@code episodes} only the unpaired test
     * is possible. With the episodes the rows belong to, policygrad also recomputes {@code implemented}
     * on each and says where the rows first differ from it; sampled episodes are then paired with
     * {@code referenceName}, and a list of every trajectory with its probability gives the exact
     * expectation sum_tau p(tau) row(tau) ({@code exact}). Both files are read a row and an episode at a
     * time, into running sums: memory does not grow with their length.
     */
    public EstimatorReport external(String label, EstimateFile rows, EpisodeFile.Episodes episodes,
            EstimatorChoice implemented, String referenceName, boolean exact, double alpha, Batch batch) {
        List<String> names = policy.parameterNames();
        double[] row = new double[theta.length];
        if (episodes == null) {
            if (exact) {
                throw new UsageError("--exact needs the trajectories the estimates belong to: write them with "
                        + "'policygrad sample --all' and pass --episodes-from");
            }
            PairedEstimates.Running running = new PairedEstimates.Running(label, null, names);
            PairedRows.Collector kept = new PairedRows.Collector(theta.length, false);
            while (rows.next(row)) {
                running.add(row, null, 0, 0, false);
                kept.add(row, null);
            }
            return EstimatorVerification.sampled(running.result(), reference(batch), alpha, kept::rows);
        }
        EpisodeFile.Read first = episodes.next();
        boolean listed = !Double.isNaN(first.probability());
        if (listed != exact) {
            throw new UsageError(listed ? "these episodes list every trajectory with its probability: they are not a "
                    + "sample, so verify them with --exact" : "--exact needs every trajectory with its probability: "
                    + "write them with 'policygrad sample --all'");
        }
        GradientEstimator recomputed = implemented.resolve(program, policy, environment, theta, batch, exact);
        Recomputation.Comparison comparison = new Recomputation.Comparison(recomputed.label(), names);
        double[] computed = new double[theta.length];
        // exact: sum_tau p(tau) row(tau); sampled: the rows paired with the reference on the same episodes
        EstimatorExpectation.Running expectation = new EstimatorExpectation.Running(theta.length);
        PairedEstimates.Running running = null;
        PairedRows.Collector kept = null;
        GradientEstimator paired = null;
        double[] referenceRow = new double[theta.length];
        if (!exact) {
            String name = referenceName != null ? referenceName : EstimatorChoice.REFERENCE;
            paired = EstimatorChoice.of(name).resolve(program, policy, environment, theta, batch, false);
            running = new PairedEstimates.Running(label, paired.label(), names);
            kept = new PairedRows.Collector(theta.length, true);
        }
        for (EpisodeFile.Read r = first; r != null; r = episodes.next()) {
            if (!rows.next(row)) throw countsDiffer(rows, episodes);
            if (Double.isNaN(r.probability()) == listed) {
                throw new UsageError("episode " + r.episode().index() + (listed ? " has no" : " has a")
                        + " \"probability\" field, unlike episode 0; a file is either sampled episodes or every trajectory");
            }
            EpisodeRecord e = r.episode();
            Arrays.fill(computed, 0);
            recomputed.estimate(e, computed);
            comparison.add(row, computed);
            if (exact) {
                expectation.add(r.probability(), row);
            } else {
                Arrays.fill(referenceRow, 0);
                paired.estimate(e, referenceRow);
                running.add(row, referenceRow, e.totalReturn(), e.length(), false);
                kept.add(row, referenceRow);
            }
        }
        if (rows.next(row)) throw countsDiffer(rows, episodes);
        Recomputation recomputation = comparison.result();
        if (exact) {
            return EstimatorVerification.exact(label, expectation.result(), reference(batch), names)
                    .withRecomputation(recomputation);
        }
        return EstimatorVerification.sampled(running.result(), reference(batch), alpha, kept::rows)
                .withRecomputation(recomputation);
    }

    /** The error for files of different lengths, once either has ended: the rest of both is counted, not read. */
    private static UsageError countsDiffer(EstimateFile rows, EpisodeFile.Episodes episodes) {
        return new UsageError("the estimates have " + rows.countToEnd() + " rows, but the episodes file has "
                + episodes.countToEnd() + " episodes; there must be one row per episode, in order");
    }
}
