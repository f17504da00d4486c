package dev.policygrad.report;

import dev.policygrad.ad.ExprPrinter;
import dev.policygrad.ad.GradCheck;
import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.ad.Trace;
import dev.policygrad.diag.PolicygradException;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.exact.ObjectiveResult;
import dev.policygrad.exact.Objectives;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.policy.GradientCheck;
import dev.policygrad.policy.Policy;
import dev.policygrad.policy.SymbolicGradient;
import dev.policygrad.prove.Derivation;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.verify.Reference;
import dev.policygrad.verify.Verification;
import dev.policygrad.verify.VerificationReport;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Everything the teaching page shows about one policy at one point (theta, s, a), as data; {@link
 * ReportPage} renders it. With a task it adds J and grad J, the verification of the default estimator
 * (reward-to-go, step (11) of the derivation) and, on a finite MDP with a horizon, the derivation's
 * proof table.
 *
 * @param title        what the page is about (the files)
 * @param source       the program's text
 * @param point        the point: parameters, state and action, as text
 * @param logPiLatex   log pi(a | s) in LaTeX
 * @param gradientLatex each block's derivative, as the rows of an {@code aligned} environment
 * @param trace        the tape after a forward and a backward sweep at the point
 * @param check        the four-way gradient check at the point and at random points
 * @param task         the task's results, or null without a task
 */
public record Report(String title, String source, String point, String logPiLatex, String gradientLatex, Trace trace,
        GradCheckReport check, Task task) {

    /**
     * @param environment  the task's name
     * @param objective    J and grad J
     * @param verification the default estimator's verification, or null when it could not run (see note)
     * @param derivation   the proof table, or null when the task is not a finite MDP with a horizon
     * @param notes        why a part is missing
     */
    public record Task(String environment, ObjectiveResult objective, VerificationReport verification,
            DerivationReport derivation, List<String> notes) {}

    /** Episodes for the estimator's verification on a task. */
    public static final int EPISODES = 4000;

    /**
     * Builds the report. {@code environment} may be null (no task); {@code seed} fixes the random
     * points of the gradient check and the episodes.
     */
    public static Report build(String title, String source, Policy policy, double[] theta, double[] state, double action,
            String point, Environment environment, long seed) {
        Evaluator evaluator = policy.newEvaluator();
        evaluator.score(theta, state, action, new double[theta.length]);
        Trace trace = Trace.of(evaluator.tape());
        SymbolicGradient gradient = SymbolicGradient.of(policy);
        List<GradCheck.Point> points = new ArrayList<>();
        points.add(new GradCheck.Point(theta.clone(), state == null ? new double[0] : state.clone(), action));
        points.addAll(GradientCheck.randomPoints(policy, theta, 2, seed));
        GradCheckReport check = GradientCheck.run(policy, points);
        Task task = environment == null ? null : task(policy, environment, theta, seed);
        Map<String, Node> blocks = new LinkedHashMap<>();
        gradient.blocks().forEach((name, d) -> blocks.put("\\frac{\\partial \\log \\pi(a \\mid s)}{\\partial "
                + ExprPrinter.latexName(name) + "}", d));
        return new Report(title, source, point, ExprPrinter.latex(gradient.logPi()), ExprPrinter.latex(blocks), trace,
                check, task);
    }

    private static Task task(Policy policy, Environment environment, double[] theta, long seed) {
        List<String> notes = new ArrayList<>();
        ObjectiveResult objective = Objectives.evaluate(environment, policy, theta, EPISODES, ~seed);
        VerificationReport verification = null;
        try {
            Batch batch = new Batch(EPISODES, seed, Runtime.getRuntime().availableProcessors());
            Estimate estimate = Estimator.of(EstimatorKind.REWARD_TO_GO).estimate(policy, environment, theta, batch);
            Reference reference = new Reference(objective.method(), objective.gradient(), objective.gradientError(),
                    objective.note());
            verification = Verification.sampled(estimate, reference, Verification.DEFAULT_ALPHA);
        } catch (PolicygradException e) {
            notes.add("the estimator could not be verified: " + e.getMessage());
        }
        DerivationReport derivation = null;
        if (environment instanceof FiniteMdp mdp && mdp.hasHorizon()) {
            try {
                derivation = Derivation.of(mdp, policy, theta).prove();
            } catch (PolicygradException e) {
                notes.add("the derivation could not be checked: " + e.getMessage());
            }
        } else {
            notes.add("the derivation's proof table needs a finite MDP with a horizon; " + environment.name() + " is not one");
        }
        return new Task(environment.name(), objective, verification, derivation, notes);
    }
}
