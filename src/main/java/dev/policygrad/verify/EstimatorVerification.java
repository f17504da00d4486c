package dev.policygrad.verify;

import dev.policygrad.diag.UsageError;
import dev.policygrad.estimate.Estimate;
import dev.policygrad.estimate.EstimatorExpectation;
import dev.policygrad.estimate.PairedEstimates;
import dev.policygrad.estimate.PairedRows;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Verifies any per-episode estimator: sampled, by the unpaired T^2 test of its estimates against grad J
 * and, when a proven reference ran on the same episodes, the paired T^2 test of the differences against
 * 0; exactly, by its expectation over every trajectory. Every sampled verdict carries its power; every
 * inconsistent one a {@link Diagnosis}.
 */
public final class EstimatorVerification {

    private EstimatorVerification() {}

    /** The seed of the bootstrap's resamples: fixed, so a verification's verdict is reproducible. */
    static final long BOOTSTRAP_SEED = 0x70C1_1CE5_B007L;

    /**
     * Inconsistent when either test rejects at alpha / 2 (Bonferroni: a correct estimator is then called
     * inconsistent with probability at most alpha, as far as each test's p-value holds: F's, confirmed by
     * a bootstrap where the rows are at hand, see {@link SubspaceHotelling}), or, with one test, when
     * it rejects at alpha; undecided when neither rejects and either cannot decide
     * ({@link SubspaceHotelling.Result#undecided}). Where the reference cannot carry a verdict
     * ({@link Reference#carriesVerdict}), only a rejection by the paired test, which never reads it,
     * decides (inconsistent, resting on that test alone); otherwise undecided.
     */
    public static EstimatorReport sampled(PairedEstimates data, Reference reference, double alpha) {
        return sampled(data, reference, alpha, null);
    }

    /**
     * As {@link #sampled(PairedEstimates, Reference, double)}, where a test that rejects by the F distribution
     * is confirmed or overturned by the bootstrap of {@code rows}' episodes ({@link BootstrapCalibration}).
     *
     * @param rows the batch's rows, asked for only when a test rejects and its bootstrap is within budget
     *             ({@link BootstrapCalibration#unaffordable}; a replay of the batch); null when
     *             they cannot be had, returning null when they pass {@link PairedRows#BUDGET}: the rejection
     *             then rests on F and says so
     */
    public static EstimatorReport sampled(PairedEstimates data, Reference reference, double alpha,
            Supplier<PairedRows> rows) {
        checkAlpha(alpha);
        Estimate candidate = data.candidate();
        boolean twoTests = data.difference() != null;
        double level = twoTests ? alpha / 2 : alpha;
        SubspaceHotelling.Result unpaired = SubspaceHotelling.test(candidate, reference);
        SubspaceHotelling.Result paired = null;
        Power pairedPower = null;
        if (twoTests) paired = SubspaceHotelling.paired(data);
        boolean unpairedByF = unpaired.rejectsByF(level);
        boolean pairedByF = paired != null && paired.rejectsByF(level);
        if (unpairedByF || pairedByF) {
            // both tests resample the same rows at the same level: affordable for both or for neither
            String unaffordable = BootstrapCalibration.unaffordable(level, candidate.episodes(), candidate.mean().length);
            PairedRows kept = rows == null || unaffordable != null ? null : rows.get();
            String noRows = unaffordable != null ? unaffordable : rows == null ? "the episodes' rows were not given"
                    : PairedRows.pastBudget(candidate.episodes());
            // the paired test first, the sharper as a rule: once it rejects, the verdict is inconsistent
            // whatever the other's bootstrap says, so that one is not drawn
            if (pairedByF) {
                paired = paired.withBootstrap(BootstrapCalibration.paired(kept, noRows, data.roundingVariance(), paired,
                        level, BOOTSTRAP_SEED));
            }
            if (unpairedByF) {
                unpaired = unpaired.withBootstrap(paired != null && paired.rejects(level)
                        ? BootstrapCalibration.skipped("the paired test's confirmed rejection decides the verdict, so "
                                + "its bootstrap was not drawn")
                        : BootstrapCalibration.unpaired(kept, noRows, reference, unpaired, level, BOOTSTRAP_SEED));
            }
        }
        if (twoTests) pairedPower = Power.paired(data, level);
        Power unpairedPower = Power.of(candidate, level, reference.error());
        boolean unpairedRejects = unpaired.rejects(level);
        boolean pairedRejects = paired != null && paired.rejects(level);
        boolean undecided = unpaired.undecided(level) || paired != null && paired.undecided(level);
        Verdict verdict = unpairedRejects || pairedRejects ? Verdict.INCONSISTENT
                : undecided ? Verdict.UNDECIDED : Verdict.CONSISTENT;
        StringBuilder reason = new StringBuilder();
        reason.append("unpaired ").append(unpaired.describe(level));
        if (paired != null) {
            reason.append("; paired (minus ").append(data.referenceLabel()).append(" on the same episodes) ")
                    .append(paired.describe(level));
        }
        boolean pairedAlone = false;
        if (!reference.carriesVerdict() && pairedRejects) {
            // the paired test never reads the reference: candidate minus a proven estimator on the same
            // episodes has mean zero for an unbiased candidate, so its rejection stands on its own
            pairedAlone = true;
            verdict = Verdict.INCONSISTENT;
            reason.setLength(0);
            reason.append("paired, minus ").append(data.referenceLabel()).append(" (").append(proof(data.referenceLabel()))
                    .append(") on the same episodes: ").append(paired.describe(level)).append(". The verdict rests on "
                    + "this test alone; the test against the gradient of J gives ").append(unpaired.describe(level))
                    .append(", but ").append(reference.biased());
        } else if (!reference.carriesVerdict()) {
            // a reference that cannot carry a verdict: neither test's acceptance says anything about the
            // estimator (the paired one could only have rejected, above)
            verdict = Verdict.UNDECIDED;
            String result = reason.toString();
            reason.setLength(0);
            reason.append(Verification.undecided(reference, "the tests against it: " + result));
        } else {
            reason.insert(0, "sampled, against " + reference.basis() + ": ");
            if (verdict == Verdict.CONSISTENT) {
                Power best = pairedPower != null && pairedPower.norm() < unpairedPower.norm() ? pairedPower : unpairedPower;
                reason.append(weakness(best, reference, candidate.episodes()));
            }
        }
        Diagnosis diagnosis = null;
        if (verdict == Verdict.INCONSISTENT) {
            double[] expectation;
            Power basis;
            double[] gradient = reference.gradient();
            if (pairedAlone) {
                // the reference cannot carry a verdict: grad J is the proven estimator's mean on the same
                // episodes (the candidate's minus the differences'), far sharper here than the reference
                expectation = candidate.mean();
                gradient = expectation.clone();
                double[] bias = data.difference().mean();
                for (int j = 0; j < gradient.length; j++) gradient[j] -= bias[j];
                basis = pairedPower;
            } else if (paired != null && reference.error() == 0) {
                expectation = reference.gradient().clone();
                double[] bias = data.difference().mean();
                for (int j = 0; j < expectation.length; j++) expectation[j] += bias[j];
                basis = pairedPower;
            } else {
                expectation = candidate.mean();
                basis = unpairedPower;
            }
            diagnosis = Diagnosis.of(expectation, gradient, basis.norm(), componentTolerance(basis, reference), false);
        }
        VerificationReport base = new VerificationReport(candidate.estimator(), candidate.baseline(),
                candidate.episodes(), candidate.parameterNames(), reference, candidate.mean(),
                candidate.standardError(), new VerificationReport.Sampled(unpaired, alpha), verdict,
                reason.toString(), null, List.of());
        if (candidate.cutAtCap() > 0) {
            base = base.withWarning(candidate.cutAtCap() + " episode(s) were cut at the environment's step cap without "
                    + "finishing; their estimates miss the rest of the episode");
        }
        return new EstimatorReport(base, unpaired, paired, data.referenceLabel(), level, unpairedPower, pairedPower,
                diagnosis, candidate.cutAtCap(), null);
    }

    /** Where the derivation proves a paired reference unbiased. */
    private static String proof(String label) {
        return switch (label) {
            case "total-return" -> "unbiased by step (9) of the derivation";
            case "reward-to-go" -> "unbiased by step (11) of the derivation";
            default -> "a proven estimator";
        };
    }

    /**
     * A consistent verdict's caveat when its test is too weak to mean much: the smallest bias it detects
     * with probability 0.8 is at least |grad J|, so an estimator that missed the gradient entirely could
     * pass; against an exact reference, also about how many episodes would detect a bias of a tenth of
     * |grad J| (the detectable norm falls as 1 / sqrt(N)). Empty when the test is sharper than that.
     */
    static String weakness(Power power, Reference reference, int episodes) {
        double norm = 0;
        for (double g : reference.gradient()) norm += g * g;
        norm = Math.sqrt(norm);
        if (!(norm > 0 && power.norm() >= norm)) return "";
        String weak = String.format(Locale.ROOT, "; weak: the smallest bias these episodes detect with probability "
                + "%.1f (norm %.3g) is as large as grad J itself (|grad J| = %.3g), so an estimator that missed the "
                + "gradient entirely could pass", Power.POWER, power.norm(), norm);
        if (reference.error() == 0) {
            double needed = episodes * Math.pow(power.norm() / (0.1 * norm), 2);
            weak += String.format(Locale.ROOT, "; about %.2g episodes would detect a bias of a tenth of |grad J|", needed);
        }
        return weak;
    }

    /**
     * Per component, the bias within which a diagnosis calls it none: what the test resolves there, or,
     * where no episode varied (its mean is all the episodes say), the exact check's tolerance and six of
     * the reference's own standard errors, as the test's constant directions are judged.
     */
    private static double[] componentTolerance(Power power, Reference reference) {
        double[] r = reference.gradient();
        double scale = 0;
        for (double x : r) scale = Math.max(scale, Math.abs(x));
        double[] referenceVariance = reference.variances();
        double[] tolerance = power.perParameter().clone();
        for (int j = 0; j < tolerance.length; j++) {
            if (Double.isNaN(tolerance[j])) {
                tolerance[j] = Verification.EXACT_RELATIVE * scale + Verification.EXACT_ABSOLUTE
                        + 6 * Math.sqrt(referenceVariance[j]);
            }
        }
        return tolerance;
    }

    /** A plain report of a sampled check (one test), with its power and, if inconsistent, a diagnosis. */
    public static EstimatorReport withPower(VerificationReport report, Estimate estimate) {
        VerificationReport.Sampled sampled = (VerificationReport.Sampled) report.test();
        Power power = Power.of(estimate, sampled.alpha(), report.reference().error());
        if (report.verdict() == Verdict.CONSISTENT) {
            report = report.withReason(report.reason() + weakness(power, report.reference(), estimate.episodes()));
        }
        Diagnosis diagnosis = report.verdict() == Verdict.INCONSISTENT
                ? Diagnosis.of(estimate.mean(), report.reference().gradient(), power.norm(),
                        componentTolerance(power, report.reference()), false)
                : null;
        return new EstimatorReport(report, sampled.hotelling(), null, null, sampled.alpha(), power, null, diagnosis,
                estimate.cutAtCap(), null);
    }

    /** A plain exact report, with a diagnosis when inconsistent. */
    public static EstimatorReport withDiagnosis(VerificationReport report) {
        Diagnosis diagnosis = null;
        if (report.verdict() == Verdict.INCONSISTENT && report.test() instanceof VerificationReport.Exact x) {
            diagnosis = Diagnosis.of(report.estimate(), report.reference().gradient(), x.tolerance(), true);
        }
        return new EstimatorReport(report, null, null, null, 0, null, null, diagnosis, 0, null);
    }

    /**
     * Consistent when |E[g]_j - r_j| &lt;= 1e-9 max_i |r_i| + 1e-12 + the reference's error for every j.
     * The probabilities must sum to 1 within 1e-9: a sum that is not 1 is a list that misses trajectories
     * or repeats some, whose sum is no expectation (an error, not a verdict on the estimator).
     */
    public static EstimatorReport exact(String label, EstimatorExpectation exact, Reference reference,
            List<String> parameters) {
        double total = exact.totalProbability();
        if (!(Math.abs(total - 1) <= 1e-9)) {
            throw new UsageError(String.format(Locale.ROOT, "the %d trajectories' probabilities sum "
                    + "to %.12g, not 1: %s; an exact check needs every trajectory once, as 'policygrad sample --all' "
                    + "lists them", exact.trajectories(), total, total < 1 ? "some are missing" : "some are listed more "
                    + "than once"));
        }
        double[] e = exact.expectation();
        double[] r = reference.gradient();
        double scale = 0;
        for (double x : r) scale = Math.max(scale, Math.abs(x));
        double tolerance = Verification.EXACT_RELATIVE * scale + Verification.EXACT_ABSOLUTE + reference.error();
        double worst = 0;
        int worstIndex = 0;
        for (int j = 0; j < e.length; j++) {
            double diff = Math.abs(e[j] - r[j]);
            if (!(diff <= worst)) {
                worst = diff;
                worstIndex = j;
            }
        }
        boolean ok = worst <= tolerance;
        String reason;
        if (ok) {
            reason = "the exact expectation matches the reference to " + String.format(Locale.ROOT, "%.3g", worst)
                    + " (tolerance " + String.format(Locale.ROOT, "%.3g", tolerance) + ")";
        } else {
            reason = "the exact expectation differs from the reference by " + String.format(Locale.ROOT, "%.6g", worst)
                    + " at " + parameters.get(worstIndex) + " (tolerance " + String.format(Locale.ROOT, "%.3g", tolerance)
                    + ")";
        }
        Verdict verdict = ok ? Verdict.CONSISTENT : Verdict.INCONSISTENT;
        reason = "exact expectation against " + reference.basis() + ": " + reason;
        if (!reference.carriesVerdict()) {
            verdict = Verdict.UNDECIDED;
            reason = Verification.undecided(reference, reason);
        }
        VerificationReport base = new VerificationReport(label, "none", 0, parameters, reference, e, null,
                new VerificationReport.Exact(worst, tolerance, null, exact.trajectories(), exact.totalProbability()),
                verdict, reason, null, List.of());
        return withDiagnosis(base);
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) throw new UsageError("--alpha must be in (0, 1), got " + alpha);
    }
}
