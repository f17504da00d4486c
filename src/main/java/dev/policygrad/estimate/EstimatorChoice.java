package dev.policygrad.estimate;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import dev.policygrad.render.Text;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * An estimator named as on the command line: a built-in ({@code total-return}, {@code reward-to-go},
 * {@code missing-discount}, {@code gae}) or one declared in the program ({@code estimator NAME = ...}),
 * with the built-ins' options.
 *
 * @param name     the estimator's name
 * @param baseline the batch baseline of a built-in REINFORCE estimator ({@code none}, {@code mean}, {@code value})
 * @param lambda   GAE's lambda
 * @param critic   GAE's critic: {@code linear} (the cross-fitted linear value), {@code exact} (the true
 *                 value, finite MDPs with a horizon) or the name of a declared {@code value} formula
 */
public record EstimatorChoice(String name, String baseline, double lambda, String critic)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The reference of paired tests: step (11), proven unbiased. */
    public static final String REFERENCE = "reward-to-go";

    public static EstimatorChoice of(String name) {
        return new EstimatorChoice(name, "none", 1, "linear");
    }

    /** The built-in REINFORCE estimator {@code estimator}, with its baseline. */
    public static EstimatorChoice of(Estimator estimator) {
        return new EstimatorChoice(estimator.kind().label(), estimator.baseline().label(), 1, "linear");
    }

    /** Whether this is a built-in REINFORCE estimator with a batch baseline (verified by {@link Estimator}). */
    public boolean batchBaseline() {
        return !BaselineKind.of(baseline).equals(BaselineKind.NONE);
    }

    /**
     * The built-in REINFORCE estimator with its batch baseline, for {@link #batchBaseline()} choices; a
     * UsageError when {@code name} is a formula of {@code program}, gae, or nothing at all.
     */
    public Estimator reinforce(CheckedProgram program) {
        if (FormulaEstimator.declared(program, name)) throw formulaTakesNoBaseline();
        if (name.equals("gae")) throw new UsageError(GAE_TAKES_NO_BASELINE);
        return new Estimator(kind(program), BaselineKind.of(baseline));
    }

    private static final String GAE_TAKES_NO_BASELINE = "gae uses --critic, not --baseline";

    private UsageError formulaTakesNoBaseline() {
        return new UsageError("--baseline applies to the built-in estimators; estimator " + name
                + " is a formula: write the baseline into it");
    }

    /**
     * This choice as a per-episode estimator. A fitted critic is fitted on {@code batch}: cross-fitted for
     * sampling, fitted once and then fixed for an exact expectation ({@code forExact}), where an estimator
     * must be a function of the trajectory alone. On local threads; {@link #prepare} fits on any engine.
     */
    public GradientEstimator resolve(CheckedProgram program, Policy policy, Environment environment, double[] theta,
            Batch batch, boolean forExact) {
        if (forExact && name.equals("gae") && critic.equals("linear")) {
            check(program, environment);
            return new Gae(lambda, Critics.frozenLinear(policy, environment, theta, batch));
        }
        return prepare(program, Task.of(policy, environment), new Rollouts(batch.threads()), theta, batch, null)
                .build(program, policy, environment, theta);
    }

    /**
     * This choice as a value that can be shipped, ready for sampling {@code batch}: checked against the
     * program (so a bad name fails here, once, not on every executor), with what must be fitted before
     * the estimating pass fitted on {@code engine}: the cross-fitted linear critic's normal equations,
     * gathered by a first pass over the batch's episodes (see {@link #passes()}).
     *
     * @param progress told the first pass's episodes done so far, or null
     */
    public EstimatorRecipe prepare(CheckedProgram program, Task task, RolloutEngine engine, double[] theta, Batch batch,
            LongConsumer progress) {
        check(program, task.environment());
        double[][] folds = null;
        if (name.equals("gae") && critic.equals("linear")) {
            folds = Critics.crossFit(engine, task, theta, batch, progress);
        }
        return new EstimatorRecipe(this, folds, batch.episodes());
    }

    /**
     * The estimates of this estimator on {@code batch} at theta, whose mean training steps along: a
     * built-in REINFORCE estimator through {@link Estimator} (a batch baseline fitted on the batch's first
     * pass); any other, a declared formula or GAE, built at theta by {@link #resolve} (a linear critic
     * cross-fitted on the batch) and run on each of its episodes, episode i from (seed, i) as everywhere.
     * On local threads; the results do not depend on their number.
     */
    public Estimate estimate(CheckedProgram program, Policy policy, Environment environment, double[] theta,
            Batch batch) {
        if (!perEpisode(program)) return reinforce(program).estimate(policy, environment, theta, batch);
        GradientEstimator estimator = resolve(program, policy, environment, theta, batch, false);
        return PairedEstimates.sample(policy, environment, theta, batch, estimator, null).candidate();
    }

    /** Whether this choice is one of the estimators {@link Estimator} does not play: a declared formula or GAE. */
    private boolean perEpisode(CheckedProgram program) {
        return FormulaEstimator.declared(program, name) || name.equals("gae");
    }

    /**
     * Throws a UsageError when this choice names nothing the program or policygrad has, or options that
     * do not go with it (a baseline for a formula or GAE, a lambda outside [0, 1], an unknown critic),
     * before any episode is played. An unknown name's message lists every choice.
     */
    public void requireValid(CheckedProgram program, Environment environment) {
        if (batchBaseline()) reinforce(program);
        else check(program, environment);
    }

    /**
     * The settings that define this choice beside its name, as a run records them: the baseline, and for
     * GAE its lambda and critic.
     */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("baseline", baseline);
        if (name.equals("gae")) {
            out.put("lambda", lambda);
            out.put("critic", critic);
        }
        return out;
    }

    /**
     * The choice in words, for summaries: {@code reward-to-go estimator, baseline mean},
     * {@code gae estimator, lambda 0.95, critic linear}, or for a formula {@code declared estimator NAME}.
     */
    public String describe() {
        if (name.equals("gae")) return "gae estimator, lambda " + Text.number(lambda) + ", critic " + critic;
        for (EstimatorKind k : EstimatorKind.values()) {
            if (k.label().equals(name)) return name + " estimator, baseline " + baseline;
        }
        return "declared estimator " + name;
    }

    /** Passes over the batch a sampled verification makes: the estimate, plus a fit or two before it. */
    public int passes() {
        if (batchBaseline()) return 3;
        return name.equals("gae") && critic.equals("linear") ? 2 : 1;
    }

    /** Throws a UsageError when this choice names nothing the program or policygrad has. */
    private void check(CheckedProgram program, Environment environment) {
        if (FormulaEstimator.declared(program, name)) {
            if (batchBaseline()) throw formulaTakesNoBaseline();
            return;
        }
        if (name.equals("gae")) {
            if (batchBaseline()) throw new UsageError(GAE_TAKES_NO_BASELINE);
            if (!(lambda >= 0 && lambda <= 1)) throw new UsageError("--lambda must be in [0, 1], got " + lambda);
            switch (critic) {
                case "linear":
                    return;
                case "exact":
                    if (!(environment instanceof FiniteMdp mdp) || !mdp.hasHorizon()) {
                        throw new UsageError("--critic exact tabulates the policy's true value, so it needs a finite "
                                + "MDP with a horizon; " + environment.name()
                                + (environment instanceof FiniteMdp ? " has no horizon" : " is not one"));
                    }
                    return;
                default:
                    Critics.formula(program, critic);
                    return;
            }
        }
        kind(program);
        if (batchBaseline()) {
            throw new IllegalStateException("a batch baseline is verified through Estimator, not per episode");
        }
    }

    /**
     * The estimator itself, where it runs: {@code criticFolds} are the cross-fitted linear critic's
     * weights (one row per fold) when {@link #prepare} fitted them, fitted on {@code fittedOn} episodes.
     */
    GradientEstimator build(CheckedProgram program, Policy policy, Environment environment, double[] theta,
            double[][] criticFolds, int fittedOn) {
        if (FormulaEstimator.declared(program, name)) return FormulaEstimator.of(program, name);
        if (name.equals("gae")) {
            Critic c;
            switch (critic) {
                case "linear":
                    c = Critics.crossFitted(criticFolds, fittedOn);
                    break;
                case "exact":
                    c = Critics.exact((FiniteMdp) environment, policy, theta);
                    break;
                default:
                    c = Critics.formula(program, critic);
            }
            return new Gae(lambda, c);
        }
        return StepWeighted.of(kind(program));
    }

    private EstimatorKind kind(CheckedProgram program) {
        for (EstimatorKind k : EstimatorKind.values()) if (k.label().equals(name)) return k;
        List<String> choices = new ArrayList<>();
        for (EstimatorKind k : EstimatorKind.values()) choices.add(k.label());
        choices.add("gae");
        choices.addAll(program.formulas().estimators().keySet());
        throw new UsageError("unknown estimator '" + name + "'; choose " + String.join(", ", choices)
                + (program.formulas().estimators().isEmpty() ? ", or declare one: estimator NAME = expr" : ""));
    }
}
