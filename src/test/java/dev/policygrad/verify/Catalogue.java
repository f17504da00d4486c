package dev.policygrad.verify;

import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.diag.Sources;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.nio.file.Path;
import java.util.List;

/** {@code examples/estimator-bugs} loaded as the command line loads it, at the policy's declared parameters. */
record Catalogue(CheckedProgram program, Policy policy, FiniteMdp mdp, double[] theta) {

    static Catalogue load() {
        CheckedProgram program = Checker.check(Parser.parseFiles(List.of(
                Path.of("examples/estimator-bugs/task.pg"), Path.of("examples/estimator-bugs/estimators.pg")),
                new Sources()));
        Policy policy = Policy.of(program);
        return new Catalogue(program, policy, (FiniteMdp) program.environment(), policy.initialParameters(0));
    }

    EstimatorVerifier verifier() {
        return new EstimatorVerifier(program, policy, mdp, theta);
    }
}
