package dev.policygrad.prove;

import dev.policygrad.diag.UsageError;
import dev.policygrad.render.Json;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a {@link Derivation}: the setting (MDP, policy, theta, gamma, horizon, J and the
 * number of trajectories enumerated) and one {@link Claim} per step, in the derivation's order. Data only;
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

    /** The first claim with these step numbers, e.g. {@code "(9)"}; a usage error naming the steps there are if none. */
    public Claim claim(String steps) {
        for (Claim c : claims) if (c.steps().equals(steps)) return c;
        throw new UsageError("no claim for steps " + steps + "; the claims are for "
                + String.join(", ", claims.stream().map(Claim::steps).distinct().toList()));
    }

    /** What {@code policygrad prove} prints for the derivation: the table fitted into {@link ProofTable#WIDTH} columns. */
    @Override
    public String toString() {
        return ProofTable.render(this, ProofTable.WIDTH);
    }

    /** As JSON: the setting and one object per claim. */
    public Map<String, Object> json() {
        DerivationReport report = this;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mdp", report.mdp());
        out.put("policy", report.policy());
        out.put("gamma", report.gamma());
        out.put("horizon", report.horizon());
        out.put("trajectories", report.trajectoryCount());
        out.put("J", report.objective());
        out.put("theta", Json.named(report.parameterNames(), report.theta()));
        out.put("holds", report.holds());
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Claim c : report.claims()) {
            Map<String, Object> claim = new LinkedHashMap<>();
            claim.put("steps", c.steps());
            claim.put("statement", c.statement());
            claim.put("lhs", c.lhs());
            claim.put("rhs", c.rhs());
            claim.put("difference", c.difference());
            claim.put("tolerance", c.tolerance());
            claim.put("relation", c.relation().symbol());
            claim.put("holds", c.holds());
            claim.put("detail", c.detail());
            claims.add(claim);
        }
        out.put("claims", claims);
        return out;
    }
}
