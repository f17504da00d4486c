package dev.policygrad.estimate;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.ast.Decl;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.rollout.PolicyTable;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import java.util.function.LongConsumer;
import dev.policygrad.rollout.Task;
import dev.policygrad.policy.Policy;

/** The critics {@link Gae} can use. */
public final class Critics {

    private Critics() {}

    /**
     * The weights of the cross-fitted linear value V(s) = w . [s, 1] of the {@code value} baseline, one row
     * per fold, from the normal equations of {@code batch} (played from its seed on {@code engine}: the same
     * episodes the estimator then sees). A first pass whose accumulator is the per-fold X^T X and X^T y.
     */
    static double[][] crossFit(RolloutEngine engine, Task task, double[] theta, Batch batch, LongConsumer progress) {
        ValueBaseline fitted = ValueBaseline.fit(engine, task, theta, batch, progress);
        double[][] folds = new double[ValueBaseline.FOLDS][];
        for (int f = 0; f < folds.length; f++) folds[f] = fitted.weights(f);
        return folds;
    }

    /**
     * The cross-fitted linear value with the weights of {@link #crossFit}: episode i uses the fit that
     * left out its fold, so V never saw the episode it is applied to.
     */
    static Critic crossFitted(double[][] folds, int episodes) {
        return new Critic() {
            @Override
            public String label() {
                return "linear (cross-fitted on " + episodes + " episodes)";
            }

            @Override
            public void values(EpisodeRecord episode, double[] out) {
                linearValues(folds[Math.floorMod(episode.index(), folds.length)], episode, out);
            }
        };
    }

    /** {@link #crossFitted} with weights fitted on local threads. */
    public static Critic linear(Policy policy, Environment environment, double[] theta, Batch batch) {
        return crossFitted(crossFit(new Rollouts(batch.threads()), Task.of(policy, environment), theta, batch, null),
                batch.episodes());
    }

    /** The linear value fitted on every episode of {@code batch} and frozen: a fixed function of s. */
    public static Critic frozenLinear(Policy policy, Environment environment, double[] theta, Batch batch) {
        ValueBaseline fitted = ValueBaseline.fit(new Rollouts(batch.threads()), Task.of(policy, environment), theta, batch,
                null);
        double[] pooled = fitted.pooledWeights();
        return new Critic() {
            @Override
            public String label() {
                return "linear (fitted on " + batch.episodes() + " episodes, then fixed)";
            }

            @Override
            public void values(EpisodeRecord episode, double[] out) {
                linearValues(pooled, episode, out);
            }
        };
    }

    private static void linearValues(double[] w, EpisodeRecord episode, double[] out) {
        int d = episode.observationSize();
        double[] observations = episode.observations();
        for (int t = 0; t < episode.length(); t++) {
            double b = w[d];
            for (int j = 0; j < d; j++) b += w[j] * observations[t * d + j];
            out[t] = b;
        }
    }

    /** The declared {@code value} formula called {@code name}, evaluated at every step. */
    public static Critic formula(CheckedProgram program, String name) {
        Decl.ValueDecl decl = program.formulas().critics().get(name);
        if (decl == null) {
            throw new UsageError("no value formula named '" + name + "' is declared"
                    + (program.formulas().critics().isEmpty() ? "; declare one, e.g. 'value V = 0'"
                    : "; declared: " + String.join(", ", program.formulas().critics().keySet())));
        }
        return new Critic() {
            @Override
            public String label() {
                return "value " + name;
            }

            @Override
            public void values(EpisodeRecord episode, double[] out) {
                RecordedVocabulary vocabulary = new RecordedVocabulary(program, episode);
                for (int t = 0; t < episode.length(); t++) out[t] = vocabulary.critic(decl, t);
            }
        };
    }

    /**
     * The true value V_t(s) = E[G(tau_{t:T}) | s_t = s] of the policy at theta on a finite MDP with a
     * horizon H, by backward induction: V_H = 0, V_t(s) = 0 for terminal s, else
     * V_t(s) = sum_a pi(a | s) (r(s, a) + gamma sum_s' P(s' | s, a) V_{t+1}(s')).
     */
    public static Critic exact(FiniteMdp mdp, Policy policy, double[] theta) {
        if (!mdp.hasHorizon()) {
            throw new UsageError("the exact critic is tabulated step by step, so mdp " + mdp.name() + " needs a horizon");
        }
        double[][] pi = PolicyTable.probabilities(mdp, policy.newEvaluator(), theta);
        int h = mdp.horizon();
        double[][] v = new double[h + 1][mdp.stateCount()];
        for (int t = h - 1; t >= 0; t--) {
            for (int s = 0; s < mdp.stateCount(); s++) {
                if (mdp.isTerminal(s)) continue;
                double value = 0;
                for (int a = 0; a < mdp.actionCount(); a++) {
                    if (pi[s][a] == 0) continue;
                    double next = 0;
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        next += mdp.transitionProbability(s, a, k) * v[t + 1][mdp.nextState(s, a, k)];
                    }
                    value += pi[s][a] * (mdp.reward(s, a) + mdp.gamma() * next);
                }
                v[t][s] = value;
            }
        }
        return new Critic() {
            @Override
            public String label() {
                return "exact (the policy's true value, by backward induction)";
            }

            @Override
            public void values(EpisodeRecord episode, double[] out) {
                if (episode.states() == null) {
                    throw new UsageError("the exact critic needs the MDP's state of every step; these episodes do not "
                            + "carry it");
                }
                for (int t = 0; t < episode.length(); t++) out[t] = v[t][episode.states()[t]];
            }
        };
    }
}
