package dev.policygrad.estimate;

import dev.policygrad.ast.Decl;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.EpisodeVocabulary;
import dev.policygrad.diag.CheckError;
import dev.policygrad.diag.EvalError;
import dev.policygrad.diag.PolicygradException;

/**
 * The episode vocabulary of {@link EpisodeVocabulary} over one {@link EpisodeRecord}. A formula that
 * fails on this episode's values (the square root of a negative return) is an error at its operation
 * that names the episode, so that it can be replayed ({@code sample} writes episode i of a seed).
 */
final class RecordedVocabulary extends EpisodeVocabulary {

    private final CheckedProgram program;
    private final EpisodeRecord episode;

    RecordedVocabulary(CheckedProgram program, EpisodeRecord episode) {
        super(program.formulas());
        this.program = program;
        this.episode = episode;
    }

    /** {@code estimator} on this episode. */
    double[] estimate(Decl.EstimatorDecl estimator) {
        try {
            return program.formulas().estimate(estimator, this);
        } catch (CheckError | EvalError e) {
            throw onThisEpisode(e);
        }
    }

    /** The critic {@code value} at step t of this episode. */
    double critic(Decl.ValueDecl value, int t) {
        try {
            return program.formulas().critic(value, this, t);
        } catch (CheckError | EvalError e) {
            throw onThisEpisode(e);
        }
    }

    /** A critic that overflows on this episode is an error at its formula, not a NaN in the estimate. */
    @Override
    protected double checkedCritic(Decl.ValueDecl value, int t, double v) {
        if (!Double.isFinite(v)) {
            throw new EvalError(value.body().span(), "value " + value.name().text() + " gives " + v + " at step " + t);
        }
        return v;
    }

    private EvalError onThisEpisode(PolicygradException e) {
        return new EvalError(e.span(), e.getMessage() + " on episode " + episode.index());
    }

    @Override protected int length() { return episode.length(); }
    @Override protected double gamma() { return episode.gamma(); }
    @Override protected int parameterCount() { return episode.parameterCount(); }
    @Override protected double[] score(int t) { return episode.score(t); }
    @Override protected double reward(int t) { return episode.rewards()[t]; }
    @Override protected double returnToGo(int t) { return episode.returnsToGo()[t]; }
    @Override protected double totalReturn() { return episode.totalReturn(); }
    @Override protected double[] state(int t) { return episode.observation(t); }
    @Override protected double[] action(int t) { return episode.action(t); }
    @Override protected double logPi(int t) { return episode.logPi()[t]; }
}
