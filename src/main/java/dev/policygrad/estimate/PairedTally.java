package dev.policygrad.estimate;

import dev.policygrad.rollout.SourceTask;
import dev.policygrad.rollout.Tally;
import dev.policygrad.rollout.Worker;
import dev.policygrad.stats.EpisodeStatistics;
import java.io.Serializable;

/**
 * The paired test's pass as a rollout tally: per episode, the candidate's estimate g_i and the
 * reference's r_i on the same episode, added to the moments of g, of the difference g_i - r_i (rounding
 * counted as 0, {@link PairedEstimates#ROUNDING}) and of the return, with the steps and the episodes cut
 * at the step cap. The accumulator is an {@link EpisodeStatistics} of two P x P co-moment matrices,
 * whatever the number of episodes; chunks merge in chunk order, so every engine gives the same bits.
 *
 * <p>The estimators come from {@link Estimators}: {@link Shipped} rebuilds them from the program's text
 * where the chunk runs (any engine), {@link InMemory} holds objects built on the driver (local threads
 * only: a Spark engine refuses the job before it starts, saying it cannot be shipped).
 */
public final class PairedTally implements Tally<EpisodeStatistics> {

    private static final long serialVersionUID = 1L;

    private final Estimators estimators;
    private final int parameters;

    PairedTally(Estimators estimators, int parameters) {
        this.estimators = estimators;
        this.parameters = parameters;
    }

    /** The candidate and (or null) the reference, built where a chunk runs. */
    public interface Estimators extends Serializable {
        GradientEstimator candidate(Worker worker);

        /** Null when only the candidate is summarized. */
        GradientEstimator reference(Worker worker);

        String candidateLabel();

        /** Null without a reference. */
        String referenceLabel();
    }

    @Override
    public EpisodeStatistics start() {
        return PairedEstimates.newStatistics(parameters, estimators.referenceLabel() != null);
    }

    @Override
    public void add(long index, Worker worker, EpisodeStatistics statistics) {
        EpisodeRecord episode = EpisodeSampler.record(index, worker);
        GradientEstimator reference = estimators.reference(worker);
        double[] g = new double[parameters];
        double[] r = reference == null ? null : new double[parameters];
        GradientEstimator candidate = estimators.candidate(worker);
        candidate.estimate(episode, g);
        FiniteEstimates.require(candidate, episode, g, worker.evaluator.policy());
        if (reference != null) {
            reference.estimate(episode, r);
            FiniteEstimates.require(reference, episode, r, worker.evaluator.policy());
        }
        PairedEstimates.add(statistics, g, r, new double[parameters], episode.totalReturn(), episode.length(),
                worker.cutAtCap());
    }

    /**
     * False: the episode record scores every step again at theta from its states and actions
     * ({@link EpisodeRecord#of}), so the scores kept while sampling would be computed for nothing.
     */
    @Override
    public boolean readsScores() {
        return false;
    }

    @Override
    public EpisodeStatistics merge(EpisodeStatistics total, EpisodeStatistics next) {
        return total.merge(next);
    }

    /** Estimators built on the driver, for local threads. */
    public static final class InMemory implements Estimators {
        private static final long serialVersionUID = 1L;
        // not serializable on purpose: a job holding objects built in memory must not reach another machine
        private final GradientEstimator candidate;
        private final GradientEstimator reference;

        public InMemory(GradientEstimator candidate, GradientEstimator reference) {
            this.candidate = candidate;
            this.reference = reference;
        }

        @Override
        public GradientEstimator candidate(Worker worker) {
            return candidate;
        }

        @Override
        public GradientEstimator reference(Worker worker) {
            return reference;
        }

        @Override
        public String candidateLabel() {
            return candidate.label();
        }

        @Override
        public String referenceLabel() {
            return reference == null ? null : reference.label();
        }
    }

    /**
     * Estimators as recipes over the program's text: rebuilt once per deserialized copy (once per chunk
     * on Spark, once per job on local threads), from the process's parse of the text.
     */
    public static final class Shipped implements Estimators {
        private static final long serialVersionUID = 1L;
        private final SourceTask source;
        private final EstimatorRecipe candidate;
        private final EstimatorRecipe reference;
        private final String candidateLabel;
        private final String referenceLabel;
        private transient volatile GradientEstimator[] built;

        /**
         * @param theta the point the estimators are built at (what an exact critic tabulates); the
         *              labels are taken from the estimators built here on the driver, which also checks
         *              that they build
         */
        public Shipped(SourceTask source, EstimatorRecipe candidate, EstimatorRecipe reference, double[] theta) {
            this.source = source;
            this.candidate = candidate;
            this.reference = reference;
            GradientEstimator[] b = build(theta);
            this.candidateLabel = b[0].label();
            this.referenceLabel = b[1] == null ? null : b[1].label();
            this.built = b;
        }

        private GradientEstimator[] build(double[] theta) {
            return new GradientEstimator[] {
                candidate.build(source.program(), source.policy(), source.environment(), theta),
                reference == null ? null : reference.build(source.program(), source.policy(), source.environment(), theta)};
        }

        private GradientEstimator[] built(Worker worker) {
            GradientEstimator[] b = built;
            if (b == null) {
                b = build(worker.theta());
                built = b;
            }
            return b;
        }

        @Override
        public GradientEstimator candidate(Worker worker) {
            return built(worker)[0];
        }

        @Override
        public GradientEstimator reference(Worker worker) {
            return built(worker)[1];
        }

        @Override
        public String candidateLabel() {
            return candidateLabel;
        }

        @Override
        public String referenceLabel() {
            return referenceLabel;
        }
    }
}
