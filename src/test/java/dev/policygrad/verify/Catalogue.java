package dev.policygrad.verify;

import dev.policygrad.PolicyGrad;
import dev.policygrad.Workspace;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.policy.Policy;
import java.nio.file.Path;

/** {@code examples/estimator-bugs} loaded as a library user loads it, at the policy's declared parameters. */
record Catalogue(Workspace workspace, CheckedProgram program, Policy policy, FiniteMdp mdp, double[] theta) {

    static Catalogue load() {
        Workspace w = PolicyGrad.load(Path.of("examples/estimator-bugs"));
        return new Catalogue(w, w.program(), w.policy(), (FiniteMdp) w.task(), w.theta());
    }

    EstimatorVerifier verifier() {
        return workspace.estimators();
    }
}
