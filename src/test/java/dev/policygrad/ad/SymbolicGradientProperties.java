package dev.policygrad.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * On random policies ({@link RandomPolicy}), the symbolic gradient takes the values of forward mode
 * and of finite differences, before and after simplification, and simplifying changes no value and
 * does not grow the expression.
 */
class SymbolicGradientProperties {

    @Property(tries = 200, seed = "20261127")
    void symbolicGradientMatchesForwardModeAndFiniteDifferences(@ForAll long seed) {
        RandomPolicy policy = new RandomPolicy(seed, false);
        double[] theta = policy.theta;
        Map<String, double[]> inputs = TestEval.inputs(policy.state, policy.action);
        double value = TestEval.evaluate(policy.logPi, theta, inputs)[0];
        Assume.that(Math.abs(value) < 1e6);

        Map<Node.Param, Node> raw = SymbolicDerivative.gradient(policy.logPi, policy.g);
        Map<String, Node> simplified = SymbolicDerivative.simplifiedGradient(policy.logPi);
        double[] symbolic = TestEval.flatten(raw, RandomPolicy.PARAMETERS, theta, inputs);
        double[] simple = TestEval.flattenByName(policy.logPi, simplified, RandomPolicy.PARAMETERS, theta, inputs);
        double[] forward = ForwardMode.gradient(policy.logPi, RandomPolicy.PARAMETERS, theta, policy.state,
                policy.action).gradient();

        TestEval.assertClose(forward, symbolic, 1e-10, "symbolic vs forward mode");
        TestEval.assertClose(symbolic, simple, 1e-10, "simplified vs unsimplified");
        TestEval.assertClose(TestEval.finiteDifferences(policy.logPi, theta, inputs), simple, 1e-6,
                "simplified vs finite differences");

        int before = Graph.topologicalOrder(new ArrayList<>(raw.values())).size();
        int after = Graph.topologicalOrder(new ArrayList<>(simplified.values())).size();
        assertTrue(after <= 1.1 * before + 3, "simplifying grew the gradient from " + before + " to " + after + " nodes");
    }

    @Property(tries = 200, seed = "20261128")
    void kinkedPrimitivesAgreeWithForwardMode(@ForAll long seed) {
        RandomPolicy policy = new RandomPolicy(seed, true);
        Map<String, double[]> inputs = TestEval.inputs(policy.state, policy.action);
        Map<String, Node> simplified = SymbolicDerivative.simplifiedGradient(policy.logPi);
        double[] simple = TestEval.flattenByName(policy.logPi, simplified, RandomPolicy.PARAMETERS, policy.theta,
                inputs);
        double[] forward = ForwardMode.gradient(policy.logPi, RandomPolicy.PARAMETERS, policy.theta, policy.state,
                policy.action).gradient();
        TestEval.assertClose(forward, simple, 1e-10, "simplified vs forward mode");
    }

    @Property(tries = 200, seed = "20261129")
    void simplifyingChangesNoValue(@ForAll long seed) {
        RandomPolicy policy = new RandomPolicy(seed, true);
        Map<String, double[]> inputs = TestEval.inputs(policy.state, policy.action);
        Graph g = new Graph();
        Node simplified = Simplifier.simplify(policy.logPi, g);
        double expected = TestEval.evaluate(policy.logPi, policy.theta, inputs)[0];
        double actual = TestEval.evaluate(simplified, policy.theta, inputs)[0];
        TestEval.assertClose(new double[] {expected}, new double[] {actual}, 1e-10, "log pi");
        int before = Graph.topologicalOrder(policy.logPi).size();
        int after = Graph.topologicalOrder(simplified).size();
        // rewriting a shared node can keep the old one alive next to the new (x^3 used alone and as (x^3)^2)
        assertTrue(after <= 1.1 * before + 3, "simplifying grew log pi from " + before + " to " + after + " nodes");
        assertEquals(simplified, Simplifier.simplify(simplified, g), "a fixed point");
    }

    /** Some generated gradients must be non-trivial, or the properties above would prove little. */
    @Property(tries = 50, seed = "20261130")
    void generatedPoliciesAreNotTrivial(@ForAll long seed) {
        RandomPolicy policy = new RandomPolicy(seed, false);
        List<Node> nodes = Graph.topologicalOrder(policy.logPi);
        assertTrue(nodes.size() >= 12, "only " + nodes.size() + " nodes");
    }
}
