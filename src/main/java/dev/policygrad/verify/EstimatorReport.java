package dev.policygrad.verify;

/**
 * A verification with what the plain report does not say: the paired test, the power of each sampled
 * test, and a diagnosis when the verdict is inconsistent. {@code base} carries the table and the final
 * verdict (combined from both tests when there are two).
 *
 * @param base            the per-parameter table, the verdict and its reason
 * @param unpaired        T^2 of the estimates against grad J (null for an exact check)
 * @param paired          T^2 of candidate minus reference on the same episodes against 0, or null
 * @param pairedReference the reference estimator of the paired test, or null
 * @param level           the level each sampled test ran at: alpha, or alpha / 2 for each of two tests
 * @param unpairedPower   what the unpaired test could detect (null for an exact check)
 * @param pairedPower     what the paired test could detect, or null
 * @param diagnosis       what is wrong, when the verdict is inconsistent; else null
 * @param cutAtCap        sampled episodes stopped by the environment's safety step cap (see
 *                        {@link dev.policygrad.estimate.Estimate#cutAtCap()})
 * @param recomputation   for estimates made elsewhere on known episodes: how they compare with the
 *                        estimator their author names, or null
 */
public record EstimatorReport(VerificationReport base, SubspaceHotelling.Result unpaired,
        SubspaceHotelling.Result paired, String pairedReference, double level, Power unpairedPower, Power pairedPower,
        Diagnosis diagnosis, int cutAtCap, Recomputation recomputation) {

    public EstimatorReport withRecomputation(Recomputation r) {
        return new EstimatorReport(base, unpaired, paired, pairedReference, level, unpairedPower, pairedPower, diagnosis,
                cutAtCap, r);
    }

    public Verdict verdict() {
        return base.verdict();
    }

    /** The report as {@code verify} prints it. */
    @Override
    public String toString() {
        return EstimatorReports.text(this);
    }

    /** The report as {@code verify --json} writes it, a JSON-ready map. */
    public java.util.Map<String, Object> json() {
        return EstimatorReports.json(this);
    }
}
