package dev.policygrad.check;

import dev.policygrad.env.ActionSpace;
import dev.policygrad.ast.Expr;
import dev.policygrad.diag.CheckError;
import dev.policygrad.dist.Distribution;
import dev.policygrad.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * Checks a policy body that is a distribution: its arguments, their shapes, and that it suits the
 * action space (categorical and bernoulli over discrete actions, normal and tanh_normal over a real one).
 */
final class PolicyBodies {

    private PolicyBodies() {}

    static boolean isDistribution(Expr.Call call, Lowering lowering) {
        return Lowering.DISTRIBUTIONS.contains(call.function()) && !call.function().equals("uniform");
    }

    /** The distribution, whose parameters may depend on theta and s but not on the action drawn. */
    static Distribution distribution(Lowering l, Expr.Call call, ActionSpace actions) {
        Distribution d = unchecked(l, call, actions);
        for (Node parameter : d.parameters()) {
            if (readsAction(parameter)) {
                throw new CheckError(parameter.span(), "the parameters of " + call.function() + "(...) cannot depend on the action '"
                        + actions.name() + "' it draws");
            }
        }
        return d;
    }

    private static boolean readsAction(Node root) {
        java.util.Deque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) continue;
            if (n instanceof Node.Input in && in.kind() == Node.InputKind.ACTION) return true;
            if (n instanceof Node.Apply a) todo.addAll(a.args());
        }
        return false;
    }

    private static Distribution unchecked(Lowering l, Expr.Call call, ActionSpace actions) {
        switch (call.function()) {
            case "categorical": {
                discrete(call, actions);
                Map<String, Expr> args = Arguments.bind(call, List.of("logits", "probs"), 0);
                if (args.size() != 1) {
                    throw new CheckError(call.span(), "categorical takes either 'logits' or 'probs', e.g. "
                            + "categorical(logits = theta)");
                }
                boolean logits = args.containsKey("logits");
                Expr e = logits ? args.get("logits") : args.get("probs");
                Node z = e.accept(l);
                if (!z.shape().isVector() || z.shape().rows() != actions.count()) {
                    throw new CheckError(e.span(), "categorical over " + actions.count() + " actions "
                            + actions.describe() + " needs a vector of " + actions.count() + " "
                            + (logits ? "logits" : "probabilities") + ", got " + Builtins.describe(z));
                }
                // probabilities written as softmax(z) are logits z: log pi is then taken in log space
                if (!logits && dev.policygrad.ir.Ops.SOFTMAX.is(z)) return new Distribution.Categorical(((Node.Apply) z).arg(0));
                return logits ? new Distribution.Categorical(z) : new Distribution.CategoricalProbs(z);
            }
            case "normal":
            case "tanh_normal": {
                String f = call.function();
                if (actions.isDiscrete()) {
                    throw new CheckError(call.span(), f + "(...) is a distribution over a real action, but '"
                            + actions.name() + "' is discrete " + actions.describe() + "; declare 'action "
                            + actions.name() + " : real'");
                }
                Map<String, Expr> args = Arguments.bind(call, List.of("mean", "std"), 2);
                Node mean, std;
                if (actions.isVector()) {
                    mean = components(l, args.get("mean"), actions, f, "mean", false);
                    std = components(l, args.get("std"), actions, f, "std", true);
                } else {
                    mean = args.get("mean").accept(l);
                    if (mean.shape().isVector()) {
                        int k = mean.shape().rows();
                        throw new CheckError(args.get("mean").span(), "the " + f + " distribution's mean must be a scalar, got "
                                + mean.shape() + "; for a vector action of " + k + " components declare 'action "
                                + actions.name() + "[" + k + "] : real'");
                    }
                    if (!mean.shape().isScalar()) {
                        throw new CheckError(args.get("mean").span(), "the " + f + " distribution's mean must be a scalar, got "
                                + mean.shape());
                    }
                    std = l.scalar(args.get("std"), "the " + f + " distribution's std");
                }
                return f.equals("normal") ? new Distribution.Normal(mean, std) : new Distribution.TanhNormal(mean, std);
            }
            default: {
                discrete(call, actions);
                if (actions.count() != 2) {
                    throw new CheckError(call.span(), "bernoulli(...) needs exactly 2 actions, but '" + actions.name()
                            + "' has " + actions.count() + " " + actions.describe());
                }
                Map<String, Expr> args = Arguments.bind(call, List.of("p", "logit"), 0);
                if (args.size() != 1) {
                    throw new CheckError(call.span(), "bernoulli takes either 'p' or 'logit', e.g. bernoulli(p = sigmoid(w @ s))");
                }
                if (args.containsKey("p")) {
                    Node p = l.scalar(args.get("p"), "bernoulli's p");
                    // p written as sigmoid(z) is the logit z: log pi is then taken in log space
                    if (dev.policygrad.ir.Ops.SIGMOID.is(p)) return new Distribution.BernoulliLogit(((Node.Apply) p).arg(0));
                    return new Distribution.Bernoulli(p);
                }
                return new Distribution.BernoulliLogit(l.scalar(args.get("logit"), "bernoulli's logit"));
            }
        }
    }

    /**
     * The mean or std of a diagonal distribution over {@code a[K]}: a vector of K values, or (for the
     * std only) a scalar shared by every component.
     */
    private static Node components(Lowering l, Expr e, ActionSpace actions, String f, String what, boolean broadcasts) {
        Node n = e.accept(l);
        int k = actions.dimension();
        boolean ok = n.shape().isVector() && n.shape().rows() == k || broadcasts && n.shape().isScalar();
        if (!ok) {
            throw new CheckError(e.span(), "the " + f + " distribution's " + what + " over '" + actions.name() + "["
                    + k + "]' must be a vector of " + k + " values" + (broadcasts ? " or a scalar shared by all" : "")
                    + ", got " + Builtins.describe(n));
        }
        return n;
    }

    private static void discrete(Expr.Call call, ActionSpace actions) {
        if (!actions.isDiscrete()) {
            String what = actions.isVector() ? "a real vector " + actions.describe() : "real";
            throw new CheckError(call.span(), call.function() + "(...) is a distribution over discrete actions, but '"
                    + actions.name() + "' is " + what + "; use normal(mean = ..., std = ...)");
        }
    }
}
