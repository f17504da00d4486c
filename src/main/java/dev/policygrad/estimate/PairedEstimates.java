package dev.policygrad.estimate;

import dev.policygrad.env.Environment;
import dev.policygrad.policy.Policy;
import dev.policygrad.rollout.Rollouts;
import java.util.List;

/**
 * A candidate estimator's per-episode estimates g_i, and, when a proven reference estimator r was run
 * on the same episodes, the per-episode differences d_i = g_i - r_i. E[d] = E[g] - grad J, so d has mean
 * zero exactly when the candidate is unbiased, and because g_i and r_i share the episode's randomness
 * d usually varies far less than g: the paired test sees a bias with far fewer episodes.
 *
 * <p>Computing the per-episode vectors ({@link #sample}, {@link #of}) is kept apart from accumulating
 * them: both {@link #candidate()} and {@link #difference()} are {@link Estimate}s, whose moments are
 * all the tests use.
 *
 * @param candidate      the candidate's estimates
 * @param difference     candidate minus reference, episode by episode, or null without a reference
 * @param referenceLabel the reference estimator's label, or null
 */
public record PairedEstimates(Estimate candidate, Estimate difference, String referenceLabel) {

    /**
     * A difference at most this fraction of the episode's largest estimate entry is rounding (two
     * orders of summing the same terms), and counts as 0: otherwise the test would weigh pure
     * rounding noise as if it were signal.
     */
    public static final double ROUNDING = 1e-10;

    /**
     * Plays {@code batch} (episode i from (seed, i), the episodes every other command plays for that seed)
     * and runs {@code candidate} and, when not null, {@code reference} on each episode.
     */
    public static PairedEstimates sample(Policy policy, Environment environment, double[] theta, Batch batch,
            GradientEstimator candidate, GradientEstimator reference) {
        Estimator.checkCompatible(policy, environment, theta);
        int n = batch.episodes();
        int p = theta.length;
        double[][] candidateRows = new double[n][p];
        double[][] referenceRows = reference == null ? null : new double[n][p];
        double[] returns = new double[n];
        long[] steps = new long[n];
        boolean[] cut = new boolean[n];
        boolean cap = environment.horizonIsCap();
        Rollouts rollouts = new Rollouts(policy, environment, theta, batch.seed(), batch.threads(), null);
        rollouts.run(n, b -> null, (index, worker, unused) -> {
            EpisodeRecord episode = EpisodeRecord.of(index, worker.episode, worker.evaluator, theta,
                    environment.gamma());
            if (environment instanceof dev.policygrad.env.FiniteMdp mdp) {
                int[] states = MdpStates.path(mdp, episode);
                if (states != null) episode = EpisodeSampler.withStates(episode, states);
            }
            candidate.estimate(episode, candidateRows[index]);
            if (reference != null) reference.estimate(episode, referenceRows[index]);
            returns[index] = episode.totalReturn();
            steps[index] = episode.length();
            cut[index] = cap && !episode.terminated() && episode.length() == environment.horizon();
        });
        int cutAtCap = 0;
        for (boolean c : cut) if (c) cutAtCap++;
        long stepSum = 0;
        for (long s : steps) stepSum += s;
        return of(candidate.label(), reference == null ? null : reference.label(), policy.parameterNames(),
                candidateRows, referenceRows, stepSum, returns, cutAtCap);
    }

    /**
     * From per-episode rows computed elsewhere: {@code referenceRows} (or null) must hold the reference
     * estimator on the same episodes, row by row.
     */
    public static PairedEstimates of(String candidateLabel, String referenceLabel, List<String> names,
            double[][] candidateRows, double[][] referenceRows, long steps, double[] returns, int cutAtCap) {
        int n = candidateRows.length;
        double meanReturn = 0;
        for (double g : returns) meanReturn += g;
        meanReturn /= n;
        double squares = 0;
        for (double g : returns) squares += (g - meanReturn) * (g - meanReturn);
        double returnVariance = n > 1 ? squares / (n - 1) : Double.NaN;
        Estimate candidate = Estimate.of(candidateLabel, "none", names, candidateRows, steps, meanReturn,
                returnVariance, cutAtCap);
        if (referenceRows == null) return new PairedEstimates(candidate, null, null);
        double[][] differences = new double[n][];
        for (int i = 0; i < n; i++) {
            double scale = 0;
            for (int j = 0; j < candidateRows[i].length; j++) {
                scale = Math.max(scale, Math.max(Math.abs(candidateRows[i][j]), Math.abs(referenceRows[i][j])));
            }
            double[] d = candidateRows[i].clone();
            for (int j = 0; j < d.length; j++) {
                d[j] -= referenceRows[i][j];
                // equal up to rounding (the same sum in another order) counts as equal
                if (Math.abs(d[j]) <= ROUNDING * scale) d[j] = 0;
            }
            differences[i] = d;
        }
        Estimate difference = Estimate.of(candidateLabel + " - " + referenceLabel, "none", names, differences, steps,
                meanReturn, returnVariance, cutAtCap);
        return new PairedEstimates(candidate, difference, referenceLabel);
    }
}
