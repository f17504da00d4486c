package dev.policygrad.estimate;

import dev.policygrad.ast.Decl;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.diag.EvalError;
import dev.policygrad.diag.UsageError;

/**
 * An {@code estimator name = expr} declaration as a {@link GradientEstimator}: per episode, the formula
 * is lowered with the episode's values ({@code T}, {@code score(t)}, {@code return(t)}, ..., see
 * {@link dev.policygrad.check.EpisodeVocabulary}) as constants, which folds it to the episode's estimate
 * with the language's own primitives. A non-finite entry is an error at the formula.
 */
public final class FormulaEstimator implements GradientEstimator {

    private final CheckedProgram program;
    private final Decl.EstimatorDecl declaration;

    private FormulaEstimator(CheckedProgram program, Decl.EstimatorDecl declaration) {
        this.program = program;
        this.declaration = declaration;
    }

    /** The estimator declared as {@code name}, or a UsageError listing the declared ones. */
    public static FormulaEstimator of(CheckedProgram program, String name) {
        Decl.EstimatorDecl decl = program.formulas().estimators().get(name);
        if (decl == null) throw new UsageError("no estimator named '" + name + "'");
        return new FormulaEstimator(program, decl);
    }

    /** Whether {@code program} declares an estimator called {@code name}. */
    public static boolean declared(CheckedProgram program, String name) {
        return program.formulas().estimators().containsKey(name);
    }

    public Decl.EstimatorDecl declaration() {
        return declaration;
    }

    @Override
    public String label() {
        return declaration.name().text();
    }

    @Override
    public void estimate(EpisodeRecord episode, double[] out) {
        double[] g = new RecordedVocabulary(program, episode).estimate(declaration);
        for (int j = 0; j < g.length; j++) {
            if (!Double.isFinite(g[j])) {
                throw new EvalError(declaration.body().span(), "estimator " + label() + " gives " + g[j] + " for "
                        + program.parameters().names().get(j) + " on episode " + episode.index());
            }
            out[j] += g[j];
        }
    }
}
