package dev.policygrad.train;

/**
 * What one training iteration measured, at the theta it started from (before its update).
 *
 * @param iteration           k = 1, 2, ...
 * @param meanReturn          the batch's mean return (1/N) sum_i G(tau_i), an estimate of J(theta_{k-1});
 *                            with the exact gradient, J(theta_{k-1}) itself
 * @param returnStandardError its standard error sqrt(s^2 / N) (0 with the exact gradient)
 * @param exactJ              J(theta_{k-1}) computed exactly (finite MDPs), NaN where it is not cheaply available
 * @param gradientNorm        the Euclidean norm of the gradient the update used
 * @param steps               environment steps played in the iteration (0 with the exact gradient)
 * @param elapsedMillis       wall-clock milliseconds since the run began, summed across resumes; the
 *                            only field that is not a function of the seed
 */
public record MetricRow(int iteration, double meanReturn, double returnStandardError, double exactJ,
        double gradientNorm, long steps, long elapsedMillis) implements java.io.Serializable {

    /** The same row without its timing, for comparing runs. */
    public MetricRow withoutTiming() {
        return new MetricRow(iteration, meanReturn, returnStandardError, exactJ, gradientNorm, steps, 0);
    }
}
