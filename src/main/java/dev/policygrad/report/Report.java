package dev.policygrad.report;

import dev.policygrad.Workspace;
import dev.policygrad.ad.ExprPrinter;
import dev.policygrad.ad.GradCheck;
import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.ad.Trace;
import dev.policygrad.diag.PolicygradException;
import dev.policygrad.dist.Distribution;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.ir.Node;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.policy.Policy;
import dev.policygrad.policy.ScoreCheck;
import dev.policygrad.policy.SymbolicGradient;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.verify.VerificationReport;
import dev.policygrad.verify.VerificationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the teaching page shows about one policy at one point (theta, s, a), as data; {@link
 * ReportPage} renders it. With a task it adds J and grad J, the verification of the default estimator
 * (reward-to-go, step (11) of the derivation) and, on a finite MDP with a horizon, the derivation's
 * proof table.
 *
 * @param title        what the page is about (the files)
 * @param source       the program's text
 * @param point        the point: parameters, state and action, as text
 * @param policyLatex  the policy as a distribution in LaTeX ({@code \\pi(\\cdot \\mid s) = ...}), or "" when it
 *                     is written as a formula for pi or log pi
 * @param logPiLatex   the equation {@code log pi(a | s) = ...} in LaTeX
 * @param gradientLatex each block's derivative, as the rows of an {@code aligned} environment
 * @param trace        the tape after a forward and a backward sweep at the point
 * @param check        the four-way gradient check at the point and at random points
 * @param task         the task's results, or null without a task
 */
public record Report(String title, String source, String point, String policyLatex, String logPiLatex, String gradientLatex, Trace trace,
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
     * Builds the report for the workspace's policy and parameters at (state, action); with a task, also
     * J, the default estimator's verification (from the workspace's seed) and the proof table.
     */
    public static Report build(Workspace workspace, double[] state, double action, String title, String source,
            String point) {
        return build(workspace, state, new double[] {action}, title, source, point);
    }

    /** As {@link #build(Workspace, double[], double, String, String, String)}, with the action's components. */
    public static Report build(Workspace workspace, double[] state, double[] action, String title, String source,
            String point) {
        Policy policy = workspace.policy();
        double[] theta = workspace.theta();
        Trace trace = workspace.trace(state, action);
        SymbolicGradient gradient = workspace.derivative();
        List<GradCheck.Point> points = new ArrayList<>();
        points.add(new GradCheck.Point(theta, state, action));
        points.addAll(ScoreCheck.randomPoints(policy, theta, 2, workspace.seed()));
        GradCheckReport check = ScoreCheck.run(policy, points);
        Task task = workspace.program().declaredEnvironments().isEmpty() ? null : task(workspace);
        String pi = "\\pi(" + ExprPrinter.latexName(policy.spec().action().name()) + " \\mid "
                + (policy.spec().state() == null ? "s" : ExprPrinter.latexName(policy.spec().state().name())) + ")";
        Map<String, Node> blocks = new LinkedHashMap<>();
        gradient.blocks().forEach((name, d) -> blocks.put("\\frac{\\partial \\log " + pi + "}{\\partial "
                + ExprPrinter.latexName(name) + "}", d));
        return new Report(title, source, point, policyLatex(policy.spec().distribution()),
                "\\log " + pi + " = " + ExprPrinter.latex(gradient.logPi()), ExprPrinter.latex(blocks), trace, check, task);
    }

    /** The distribution the policy draws its action from, its parameters as formulas of theta and s. */
    static String policyLatex(Distribution d) {
        String head = "\\pi(\\cdot \\mid s) = ";
        if (d instanceof Distribution.Categorical c) {
            return head + "\\operatorname{Categorical}\\left(\\operatorname{softmax}\\left(" + ExprPrinter.latex(c.logits())
                    + "\\right)\\right)";
        }
        if (d instanceof Distribution.CategoricalProbs c) {
            return head + "\\operatorname{Categorical}\\left(" + ExprPrinter.latex(c.probs()) + "\\right)";
        }
        if (d instanceof Distribution.Normal n) {
            return head + "\\mathcal{N}\\left(" + ExprPrinter.latex(n.mean()) + ",\\; \\left(" + ExprPrinter.latex(n.std())
                    + "\\right)^{2}\\right)";
        }
        if (d instanceof Distribution.Bernoulli b) {
            return head + "\\operatorname{Bernoulli}\\left(" + ExprPrinter.latex(b.p()) + "\\right)";
        }
        if (d instanceof Distribution.BernoulliLogit b) {
            return head + "\\operatorname{Bernoulli}\\left(\\sigma\\left(" + ExprPrinter.latex(b.logit()) + "\\right)\\right)";
        }
        return "";
    }

    private static Task task(Workspace workspace) {
        List<String> notes = new ArrayList<>();
        Environment environment = workspace.task();
        ObjectiveResult objective = workspace.objective(EPISODES);
        VerificationReport verification = null;
        try {
            verification = workspace.verify(VerificationSettings.defaults().withEpisodes(EPISODES).withSeed(workspace.seed()))
                    .base();
        } catch (PolicygradException e) {
            notes.add("the estimator could not be verified: " + e.getMessage());
        }
        DerivationReport derivation = null;
        if (environment instanceof FiniteMdp mdp && mdp.hasHorizon()) {
            try {
                derivation = workspace.prove();
            } catch (PolicygradException e) {
                notes.add("the derivation could not be checked: " + e.getMessage());
            }
        } else {
            notes.add("the derivation's proof table needs a finite MDP with a horizon; " + environment.name()
                    + (environment instanceof FiniteMdp ? " has no horizon (a 'horizon N' line would give it one)" : " is not one"));
        }
        return new Task(environment.name(), objective, verification, derivation, notes);
    }
}
