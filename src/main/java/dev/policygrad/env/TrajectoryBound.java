package dev.policygrad.env;

import dev.policygrad.diag.UsageError;

/**
 * How much work enumerating every trajectory of a finite MDP with a horizon can take, computed
 * before any trajectory is built: by dynamic programming over (steps left, state), the number of
 * trajectory suffixes N_t(s) = sum_a sum_{s'} N_{t-1}(s') (1 in a terminal state or when no step is
 * left) and their total length L_t(s) = sum_a sum_{s'} (N_{t-1}(s') + L_{t-1}(s')), counting every
 * action and outcome the MDP allows (an upper bound: actions of probability 0 are enumerated by
 * nobody). Counts saturate instead of overflowing, so a horizon of 1000 is refused in microseconds
 * rather than after the heap fills.
 */
public final class TrajectoryBound {

    /** The most steps, summed over all trajectories, that an enumeration may hold. */
    public static final long MAX_STEPS = 50_000_000;

    private static final long CAP = Long.MAX_VALUE / 4;

    private TrajectoryBound() {}

    /** {trajectories, total steps} from the start distribution, saturating at a large cap. */
    public static long[] size(FiniteMdp mdp) {
        int n = mdp.stateCount();
        long[] count = new long[n], length = new long[n];
        java.util.Arrays.fill(count, 1);
        for (int t = 1; t <= mdp.horizon(); t++) {
            long[] c = new long[n], l = new long[n];
            for (int s = 0; s < n; s++) {
                if (mdp.isTerminal(s)) {
                    c[s] = 1;
                    continue;
                }
                for (int a = 0; a < mdp.actionCount(); a++) {
                    for (int k = 0; k < mdp.outcomeCount(s, a); k++) {
                        int next = mdp.nextState(s, a, k);
                        c[s] = add(c[s], count[next]);
                        l[s] = add(l[s], add(count[next], length[next]));
                    }
                }
            }
            count = c;
            length = l;
            if (t > 64 && allSaturated(count, mdp)) break;
        }
        long trajectories = 0, steps = 0;
        for (int s = 0; s < n; s++) {
            if (mdp.startProbability(s) > 0) {
                trajectories = add(trajectories, count[s]);
                steps = add(steps, length[s]);
            }
        }
        return new long[] {trajectories, steps};
    }

    /** Refuses an enumeration of more than {@code maxTrajectories} trajectories or {@link #MAX_STEPS} steps. */
    public static void require(FiniteMdp mdp, long maxTrajectories, String purpose) {
        long[] size = size(mdp);
        if (size[0] > maxTrajectories || size[1] > MAX_STEPS) {
            throw new UsageError("mdp '" + mdp.name() + "' can have " + describe(size[0]) + " trajectories ("
                    + describe(size[1]) + " steps in all) within its horizon of " + mdp.horizon() + " steps; "
                    + purpose + " enumerates every one, and at most " + maxTrajectories + " trajectories and "
                    + MAX_STEPS + " steps fit: use a smaller horizon");
        }
    }

    private static String describe(long count) {
        return count >= CAP ? "more than 10^18" : Long.toString(count);
    }

    private static boolean allSaturated(long[] count, FiniteMdp mdp) {
        for (int s = 0; s < count.length; s++) if (mdp.startProbability(s) > 0 && count[s] < CAP) return false;
        return true;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 || sum > CAP ? CAP : sum;
    }
}
