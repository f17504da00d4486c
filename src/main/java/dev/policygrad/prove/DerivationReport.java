package dev.policygrad.prove;

import java.util.List;

/**
 * The outcome of a {@link Derivation}: the setting (MDP, policy, theta, gamma, horizon, J and the
 * number of trajectories enumerated) and one {@link Claim} per step, in the seed's order. Data only;
 * {@link ProofTable} renders it as text, the CLI as JSON.
 */
public record DerivationReport(String mdp, String policy, List<String> parameterNames, double[] theta, double gamma,
        int horizon, double objective, int trajectoryCount, List<Claim> claims) {

    public DerivationReport {
        parameterNames = List.copyOf(parameterNames);
        theta = theta.clone();
        claims = List.copyOf(claims);
    }

    /** Whether every claim holds. */
    public boolean holds() {
        return failures().isEmpty();
    }

    /** The claims that do not hold. */
    public List<Claim> failures() {
        return claims.stream().filter(c -> !c.holds()).toList();
    }

    /** The same report with only the claims about {@code step} (see {@link Claim#covers}). */
    public DerivationReport only(String step) {
        return new DerivationReport(mdp, policy, parameterNames, theta, gamma, horizon, objective, trajectoryCount,
                claims.stream().filter(c -> c.covers(step)).toList());
    }

    /** The first claim with these step numbers, e.g. {@code "(9)"}; an IllegalArgumentException if none. */
    public Claim claim(String steps) {
        for (Claim c : claims) if (c.steps().equals(steps)) return c;
        throw new IllegalArgumentException("no claim for steps " + steps);
    }
}
