package dev.policygrad.check;

import dev.policygrad.ast.Decl;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code estimator} and {@code value} declarations of a program, checked when the program is:
 * each is lowered over made-up episodes of 1, 2 and 3 steps, so a formula that reads past the end of
 * every episode ({@code reward(T)}), gives the wrong shape, or names something unknown is reported at
 * its position before anything runs.
 */
public final class EpisodeFormulas {

    /** Names of the estimators policygrad defines itself, which a declaration may not take. */
    static final java.util.Set<String> BUILT_IN = java.util.Set.of("gae");

    /** The program's names and functions; never changed after checking, only copied per episode. */
    private final Lowering program;
    private final Shape stateShape;
    private final Shape actionShape;
    private final Map<String, Decl.EstimatorDecl> estimators;
    private final Map<String, Decl.ValueDecl> critics;

    EpisodeFormulas(Lowering program, Shape stateShape, Shape actionShape, Map<String, Decl.EstimatorDecl> estimators,
            Map<String, Decl.ValueDecl> critics) {
        this.program = program;
        this.stateShape = stateShape;
        this.actionShape = actionShape == null ? Shape.SCALAR : actionShape;
        this.estimators = Collections.unmodifiableMap(new LinkedHashMap<>(estimators));
        this.critics = Collections.unmodifiableMap(new LinkedHashMap<>(critics));
    }

    /** The declared state's shape, or null when the policy declares none. */
    public Shape stateShape() {
        return stateShape;
    }

    /** The action's shape: a scalar, or a vector for {@code a[K] : real}. */
    public Shape actionShape() {
        return actionShape;
    }

    /** {@code estimator} over the episode {@code data} describes: one entry per parameter. */
    public double[] estimate(Decl.EstimatorDecl estimator, EpisodeVocabulary data) {
        return data.estimate(program, estimator);
    }

    /** The critic {@code value} at step t of the episode {@code data} describes. */
    public double critic(Decl.ValueDecl value, EpisodeVocabulary data, int t) {
        return data.critic(program, value, t);
    }

    /** The declared estimators by name, in the order written. */
    public Map<String, Decl.EstimatorDecl> estimators() {
        return estimators;
    }

    /** The declared critics ({@code value} formulas) by name, in the order written. */
    public Map<String, Decl.ValueDecl> critics() {
        return critics;
    }

    /** Lowers every declaration over made-up episodes; the first problem is a CheckError at its position. */
    void check(int parameters) {
        for (Decl.ValueDecl v : critics.values()) {
            if (EpisodeVocabulary.FUNCTIONS.contains(v.name().text())) {
                throw new CheckError(v.name().span(), "'" + v.name().text() + "' is part of an episode's vocabulary ("
                        + String.join(", ", EpisodeVocabulary.FUNCTIONS) + "); name the value otherwise, e.g. 'V'");
            }
        }
        for (int length = 1; length <= 3; length++) {
            Probe probe = new Probe(this, parameters, length);
            for (Decl.EstimatorDecl e : estimators.values()) {
                if (BUILT_IN.contains(e.name().text())) {
                    throw new CheckError(e.name().span(), "'" + e.name().text() + "' is a built-in estimator; "
                            + "choose another name");
                }
                probe.estimate(program, e);
            }
            for (Decl.ValueDecl v : critics.values()) {
                for (int t = 0; t <= length; t++) probe.critic(program, v, t);
            }
        }
    }

    /** An episode of {@code length} steps with harmless made-up values, for checking. */
    private static final class Probe extends EpisodeVocabulary {
        private final int parameters;
        private final int length;
        private final int stateSize;
        private final int actionSize;

        Probe(EpisodeFormulas formulas, int parameters, int length) {
            super(formulas);
            this.parameters = parameters;
            this.length = length;
            this.stateSize = formulas.stateShape() == null ? 1 : formulas.stateShape().size();
            this.actionSize = formulas.actionShape().size();
        }

        @Override protected int length() { return length; }
        @Override protected double gamma() { return 0.9; }
        @Override protected int parameterCount() { return parameters; }
        @Override protected double[] score(int t) { return filled(parameters, 0.25); }
        @Override protected double reward(int t) { return 1; }
        @Override protected double returnToGo(int t) { return length - t; }
        @Override protected double totalReturn() { return length; }
        @Override protected double[] state(int t) { return filled(stateSize, 0.5); }
        @Override protected double[] action(int t) { return filled(actionSize, 0); }
        @Override protected double logPi(int t) { return -0.5; }

        private static double[] filled(int n, double value) {
            double[] v = new double[n];
            Arrays.fill(v, value);
            return v;
        }
    }
}
