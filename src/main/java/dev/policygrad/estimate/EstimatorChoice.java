package dev.policygrad.estimate;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import java.util.ArrayList;
import java.util.List;

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
public record EstimatorChoice(String name, String baseline, double lambda, String critic) {

    /** The reference of paired tests: step (11), proven unbiased. */
    public static final String REFERENCE = "reward-to-go";

    public static EstimatorChoice of(String name) {
        return new EstimatorChoice(name, "none", 1, "linear");
    }

    /** Whether this is a built-in REINFORCE estimator with a batch baseline (verified by {@link Estimator}). */
    public boolean batchBaseline() {
        return !BaselineKind.of(baseline).equals(BaselineKind.NONE);
    }

    /** The built-in REINFORCE estimator with its batch baseline, for {@link #batchBaseline()} choices. */
    public Estimator reinforce() {
        return new Estimator(EstimatorKind.of(name), BaselineKind.of(baseline));
    }

    /**
     * This choice as a per-episode estimator. A fitted critic is fitted on {@code batch}: cross-fitted for
     * sampling, fitted once and then fixed for an exact expectation ({@code forExact}), where an estimator
     * must be a function of the trajectory alone.
     */
    public GradientEstimator resolve(CheckedProgram program, Policy policy, Environment environment, double[] theta,
            Batch batch, boolean forExact) {
        if (FormulaEstimator.declared(program, name)) {
            if (batchBaseline()) {
                throw new UsageError("--baseline applies to the built-in estimators; estimator " + name
                        + " is a formula: write the baseline into it");
            }
            return FormulaEstimator.of(program, name);
        }
        if (name.equals("gae")) {
            if (batchBaseline()) throw new UsageError("gae uses --critic, not --baseline");
            return new Gae(lambda, critic(program, policy, environment, theta, batch, forExact));
        }
        EstimatorKind kind = kind(program);
        if (batchBaseline()) {
            throw new IllegalStateException("a batch baseline is verified through Estimator, not per episode");
        }
        return StepWeighted.of(kind);
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

    private Critic critic(CheckedProgram program, Policy policy, Environment environment, double[] theta, Batch batch,
            boolean forExact) {
        switch (critic) {
            case "linear":
                return forExact ? Critics.frozenLinear(policy, environment, theta, batch)
                        : Critics.linear(policy, environment, theta, batch);
            case "exact":
                if (!(environment instanceof FiniteMdp mdp)) {
                    throw new UsageError("--critic exact tabulates the policy's true value, so it needs a finite MDP "
                            + "with a horizon; " + environment.name() + " is not one");
                }
                return Critics.exact(mdp, policy, theta);
            default:
                return Critics.formula(program, critic);
        }
    }
}
