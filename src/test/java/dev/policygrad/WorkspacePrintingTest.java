package dev.policygrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.verify.Reference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a shell prints for the library's objects: a line saying what was declared, not the default
 * {@code Workspace@1b6d3586} or a record's dump of every formula node.
 */
class WorkspacePrintingTest {

    @Test
    void aWorkspaceItsPolicyAndItsProgramSayWhatWasDeclared() {
        Workspace corridor = PolicyGrad.load(Path.of("examples/short-corridor")).with("theta", new double[] {0.3, -0.2});
        assertEquals("workspace: policy pi over {right, left}, 2 parameters: theta[2]; task short_corridor; "
                + "theta = [0.3, -0.2]", corridor.toString());
        assertEquals("policy pi over {right, left}, 2 parameters: theta[2]", corridor.policy().toString());
        assertEquals("checked program: policy pi over {right, left}; parameters theta[2]; tasks short_corridor",
                corridor.program().toString());
        Workspace policyOnly = PolicyGrad.load(Path.of("examples/cartpole/linear"));
        assertEquals("workspace: policy pi over {left, right}, 10 parameters: W[2][4], b[2]; task none; "
                + "theta = [0.0, 0.0, -1.0, -1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0]", policyOnly.toString());
        // two tasks and none chosen: printing says so rather than failing as task() does
        Workspace two = PolicyGrad.load(Path.of("examples/cartpole/linear"), Path.of("examples/cartpole/env.pg"),
                Path.of("examples/cartpole/formula.pg"));
        assertTrue(two.toString().contains("; task not chosen among cartpole, cartpole_formula;"), two.toString());
        assertTrue(two.onTask("cartpole_formula").toString().contains("; task cartpole_formula;"));
    }

    @Test
    void aReferenceGradientPrintsItsNumbersAndWhatTheyRestOn() {
        Reference exact = new Reference("exact: linear solve", new double[] {2, -2}, 0);
        assertEquals("reference gradient [2.0, -2.0] (exact: linear solve)", exact.toString());
        Reference noisy = Reference.sampled("monte carlo", new double[] {1.5}, new double[] {0.25}, "", "too noisy");
        assertTrue(noisy.toString().endsWith("largest standard error 0.25); cannot carry a verdict: too noisy"),
                noisy.toString());
    }
}
