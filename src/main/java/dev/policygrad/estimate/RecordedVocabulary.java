package dev.policygrad.estimate;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.EpisodeVocabulary;

/** The episode vocabulary of {@link EpisodeVocabulary} over one {@link EpisodeRecord}. */
final class RecordedVocabulary extends EpisodeVocabulary {

    private final EpisodeRecord episode;

    RecordedVocabulary(CheckedProgram program, EpisodeRecord episode) {
        super(program.formulas());
        this.episode = episode;
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
