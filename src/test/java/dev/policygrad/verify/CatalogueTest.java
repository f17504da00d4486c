package dev.policygrad.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EstimatorChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the table of {@code examples/estimator-bugs/README.md}: every row's exact verdict (the estimator's
 * expectation over all trajectories against grad J, to 1e-9), which is the truth, and its sampled
 * verdict (unpaired and paired tests combined) at the row's episode count with seed 1, which must agree.
 */
class CatalogueTest {

    private static final Catalogue CATALOGUE = Catalogue.load();

    /** One row: estimator, options, exact verdict, sampled verdict and episodes. */
    record Row(String estimator, double lambda, String critic, String exact, String sampled, int episodes) {
        @Override
        public String toString() {
            return estimator + (estimator.equals("gae") ? " lambda " + lambda + " critic " + critic : "");
        }
    }

    static Stream<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("examples/estimator-bugs/README.md"))) {
            if (!line.startsWith("| `")) continue;
            String[] cells = line.split("(?<!\\\\)\\|");
            String estimator = cells[1].strip().replace("`", "");
            String[] options = cells[2].strip().replace("`", "").split("\\s+");
            double lambda = 1;
            String critic = "linear";
            for (int i = 0; i + 1 < options.length; i++) {
                if (options[i].equals("--lambda")) lambda = Double.parseDouble(options[i + 1]);
                if (options[i].equals("--critic")) critic = options[i + 1];
            }
            String sampled = cells[5].strip();
            int episodes = Integer.parseInt(sampled.replaceAll(".*\\((\\d+) episodes\\).*", "$1"));
            rows.add(new Row(estimator, lambda, critic, cells[4].strip(), sampled.split(" ")[0], episodes));
        }
        assertTrue(rows.size() >= 15, "the table has " + rows.size() + " rows");
        return rows.stream();
    }

    private static EstimatorChoice choice(Row row) {
        return new EstimatorChoice(row.estimator(), "none", row.lambda(), row.critic());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void exactVerdictIsTheTablesAndTheDiagnosisComesWithInconsistency(Row row) {
        EstimatorReport report = CATALOGUE.verifier().exact(choice(row), new Batch(2000, 1, 2));
        assertEquals(row.exact(), report.verdict().label(), report.base().reason());
        if (row.exact().equals("consistent")) {
            double[] e = report.base().estimate();
            double[] g = report.base().reference().gradient();
            double scale = 0;
            for (double x : g) scale = Math.max(scale, Math.abs(x));
            for (int j = 0; j < g.length; j++) assertEquals(g[j], e[j], 1e-9 * scale);
        } else {
            assertTrue(report.diagnosis() != null && report.diagnosis().relative() > 1e-3, row.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void sampledPairedVerdictAgreesWithTheExactOne(Row row) {
        EstimatorReport report = CATALOGUE.verifier().sampled(choice(row), null, new Batch(row.episodes(), 1, 2),
                Verification.DEFAULT_ALPHA, null);
        assertEquals(row.exact(), row.sampled(), "the table's two verdicts disagree");
        assertEquals(row.sampled(), report.verdict().label(), report.base().reason());
        assertTrue(report.paired() != null, "a per-episode estimator is paired with reward-to-go");
    }
}
