package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.estimate.Estimator;
import dev.policygrad.estimate.EstimatorKind;
import dev.policygrad.prove.ClaimVerdict;
import dev.policygrad.train.Optimizer;
import dev.policygrad.train.TrainingSettings;
import dev.policygrad.verify.EstimatorReport;
import dev.policygrad.verify.VerificationSettings;
import dev.policygrad.verify.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README, "Use from Java": what a workspace's calls return prints what the command prints (with every
 * digit, as {@code --digits 17} where a command has that option), so a library user reads a result
 * without knowing its record's fields.
 */
class WorkspaceReportsTest {

    private static String command(String... args) {
        return command(0, args);
    }

    private static String command(int exitCode, String... args) {
        CommandRun run = CommandRun.of(args);
        assertEquals(exitCode, run.code(), run.err());
        return run.out();
    }

    @Test
    void derivativeIsWhatDeriveprints() {
        Workspace lqr = PolicyGrad.load(Path.of("examples/lqr"));
        assertEquals(command("derive", "examples/lqr"), lqr.derivative().toString());
    }

    @Test
    void checkIsWhatCheckPrints() {
        Workspace corridor = PolicyGrad.load(Path.of("examples/short-corridor"));
        assertEquals(command("check", "examples/short-corridor", "--points", "5"), corridor.check(5).toString());
    }

    @Test
    void traceIsWhatDeriveTracePrints() {
        Workspace lqr = PolicyGrad.load(Path.of("examples/lqr")).with("k", 0.4);
        assertEquals(command("derive", "examples/lqr", "--trace", "--state", "0.5", "--action", "0.3", "--set", "k=0.4",
                "--digits", "17"), lqr.trace(new double[] {0.5}, 0.3).toString());
    }

    @Test
    void derivationAndClaimsAreWhatProvePrints() {
        Workspace corridor = PolicyGrad.load(Path.of("proofs/corridor-horizon"));
        assertEquals(command("prove", "proofs/corridor-horizon"), corridor.prove().toString());

        Workspace claims = PolicyGrad.load(Path.of("proofs/claims/categorical.pg"));
        List<ClaimVerdict> verdicts = claims.claims(200);
        StringBuilder each = new StringBuilder();
        for (ClaimVerdict v : verdicts) each.append(v);
        String printed = command("prove", "proofs/claims/categorical.pg");
        assertTrue(printed.startsWith(each.toString()), each + "\nis not the start of\n" + printed);
        assertEquals("3 claims: 1 proved, 2 hold numerically, 0 refuted\n", printed.substring(each.length()));
    }

    /** The same tests as the command (paired and unpaired, each at alpha / 2), not a weaker one of its own. */
    @Test
    void verificationIsWhatVerifyPrints() {
        Workspace bugs = PolicyGrad.load(Path.of("examples/estimator-bugs"));
        VerificationSettings missingDiscount = VerificationSettings.defaults()
                .withEstimator(Estimator.of(EstimatorKind.MISSING_DISCOUNT)).withEpisodes(2000).withSeed(1);
        EstimatorReport sampled = bugs.verify(missingDiscount);
        assertEquals(command(1, "verify", "examples/estimator-bugs", "--estimator", "missing-discount", "--episodes",
                "2000", "--seed", "1"), sampled.toString());
        assertEquals(Verdict.INCONSISTENT, sampled.verdict());
        assertTrue(sampled.toString().contains("paired (minus reward-to-go on the same episodes) T^2"), sampled.toString());

        // an estimator the files declare, by name, as --estimator names it
        EstimatorReport declared = bugs.verify("missing_discount", VerificationSettings.defaults().withEpisodes(2000)
                .withSeed(1));
        assertEquals(command(1, "verify", "examples/estimator-bugs", "--estimator", "missing_discount", "--episodes",
                "2000", "--seed", "1"), declared.toString());
        assertEquals(Verdict.INCONSISTENT, declared.verdict());

        Workspace corridor = PolicyGrad.load(Path.of("proofs/corridor-horizon"));
        assertEquals(command("verify", "proofs/corridor-horizon", "--exact"),
                corridor.verify(VerificationSettings.defaults().exactly()).toString());
    }

    @Test
    void trainingIsWhatTrainPrints() {
        Workspace corridor = PolicyGrad.load(Path.of("examples/short-corridor"));
        TrainingSettings exact = new TrainingSettings(Estimator.of(EstimatorKind.REWARD_TO_GO), true, 1000, 0, 1);
        String summary = corridor.train(exact, Optimizer.of("sgd", 0.05), 5).toString();
        assertEquals(command("train", "examples/short-corridor", "--exact-gradient", "--optimizer", "sgd", "--lr", "0.05",
                "--iterations", "5", "--digits", "17"), summary);
        assertTrue(summary.contains("(exact; -12 at the start)"), summary);
    }
}
