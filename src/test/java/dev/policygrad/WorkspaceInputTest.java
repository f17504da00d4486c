package dev.policygrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.diag.UsageError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input through the Java API is a usage error that says what was expected, as on the command line:
 * never an IllegalArgumentException, nor an evaluation error blamed on the policy's formula.
 */
class WorkspaceInputTest {

    private final Workspace corridor = PolicyGrad.load(Path.of("examples/short-corridor"));

    private static String refused(Executable call) {
        return assertThrows(UsageError.class, call).getMessage();
    }

    @Test
    void pointCountsOutsideTheirRangeAreUsageErrors() {
        assertTrue(refused(() -> corridor.check(0)).contains("between 1 and 100000 points, got 0"));
        assertTrue(refused(() -> corridor.check(100_001)).contains("got 100001"));
        Workspace claims = PolicyGrad.load(Path.of("proofs/claims/categorical.pg"));
        assertTrue(refused(() -> claims.claims(0)).contains("between 1 and 100000 points, got 0"));
        assertTrue(refused(() -> claims.claims(100_001)).contains("got 100001"));
    }

    /** A discrete action given as the engine's value is its index: 0 and 1 for {right, left}. */
    @Test
    void aDiscreteActionIsAnIndexInRange() {
        double[] none = new double[0];
        String expected = "a discrete action is given by its index, 0..1 for {right, left} in order";
        assertTrue(refused(() -> corridor.score(none, 7)).startsWith(expected));
        assertTrue(refused(() -> corridor.logPi(none, 0.5)).endsWith("got 0.5"));
        assertTrue(refused(() -> corridor.trace(none, -1)).startsWith(expected));
        assertTrue(refused(() -> corridor.score(none, new double[] {2})).startsWith(expected));

        assertEquals(corridor.logPi("left"), corridor.logPi(none, 1.0));
        assertArrayEquals(corridor.score("left").gradient(), corridor.score(none, 1.0).gradient());
    }

    /** Looking up a name that is not there says which names are. */
    @Test
    void lookupsNameWhatThereIs() {
        assertEquals("no parameter 'theta'; the parameters are theta[0], theta[1]",
                refused(() -> corridor.score("left").gradient("theta")));
        Workspace horizon = PolicyGrad.load(Path.of("proofs/corridor-horizon"));
        assertTrue(refused(() -> horizon.prove().claim("9")).startsWith("no claim for steps 9; the claims are for (1), "
                + "(1)=(2), (3)-(4)"));
    }

    /** A message names the call's purpose, not only a command-line option the caller never gave. */
    @Test
    void listingTrajectoriesWithoutAHorizon() {
        assertEquals("listing every trajectory (sample --all) needs a horizon, and mdp short_corridor has none; add "
                + "e.g. 'horizon 6' to it", refused(corridor::trajectories));
    }
}
