package dev.policygrad.check;

import dev.policygrad.env.FormulaEnvironment;
import dev.policygrad.env.Environment;
import dev.policygrad.ad.Program;
import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Decl.EnvItem;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Span;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks and compiles an {@code env name { ... }} block: gamma and horizon settings, the formulas
 * start, next and reward (required) and done (optional), each lowered with the program's names in
 * scope; start and next must have the state's shape, reward and done must be scalars, and no formula
 * may depend on the policy's parameters (the dynamics must not change with theta).
 */
final class FormulaEnvChecker {

    private static final List<String> FORMULAS = List.of("start", "next", "reward", "done");

    private FormulaEnvChecker() {}

    static FormulaEnvironment read(Decl.FormulaEnvDecl decl, Node.Input state, ActionSpace actions,
            ParameterLayout parameters, Lowering lowering) {
        String name = decl.name().text();
        if (state == null) {
            throw new CheckError(decl.name().span(), "env " + name + " is written in terms of the state, but the program "
                    + "declares none; declare it, e.g. 'state s' or 'state s[2]'");
        }
        if (actions == null) {
            throw new CheckError(decl.name().span(), "env " + name + " needs the policy's action; declare it, e.g. "
                    + "'action a : real' or 'action a in {left, right}'");
        }
        double gamma = 1;
        int horizon = 0;
        Map<String, EnvItem> seen = new LinkedHashMap<>();
        Map<String, Expr> formulas = new LinkedHashMap<>();
        for (EnvItem item : decl.items()) {
            String key = item instanceof EnvItem.Setting s ? s.key() : ((EnvItem.Formula) item).key();
            EnvItem first = seen.putIfAbsent(key, item);
            if (first != null) throw new CheckError(item.span(), key + " is already given at " + first.span().where());
            if (item instanceof EnvItem.Setting s) {
                if (key.equals("gamma")) {
                    if (!(s.value() >= 0 && s.value() <= 1)) {
                        throw new CheckError(s.span(), "gamma must lie in [0, 1], got " + s.value());
                    }
                    gamma = s.value();
                } else {
                    if (s.value() < 1 || s.value() != Math.rint(s.value()) || s.value() > Environment.STEP_CAP) {
                        throw new CheckError(s.span(), "horizon must be a whole number of steps in 1.."
                                + Environment.STEP_CAP + ", got " + s.value());
                    }
                    horizon = (int) s.value();
                }
            } else {
                formulas.put(key, ((EnvItem.Formula) item).value());
            }
        }
        for (String required : FORMULAS.subList(0, 3)) {
            if (!formulas.containsKey(required)) {
                throw new CheckError(decl.name().span(), "env " + name + " has no '" + required + " = ...' formula");
            }
        }
        if (horizon == 0 && !formulas.containsKey("done")) {
            throw new CheckError(decl.name().span(), "env " + name + " never ends: add 'horizon N' or a 'done = ...' "
                    + "condition");
        }
        Shape shape = state.shape();
        FormulaEnvironment.Compiled start = compile(state, parameters, lowering, List.of(formulas.get("start")),
                List.of(shape), List.of("start"));
        // one program for a step: next, reward and, of the next state, done (its noise drawn after theirs)
        List<Expr> stepFormulas = new ArrayList<>(List.of(formulas.get("next"), formulas.get("reward")));
        List<Shape> stepShapes = new ArrayList<>(List.of(shape, Shape.SCALAR));
        List<String> stepKeys = new ArrayList<>(List.of("next", "reward"));
        if (formulas.containsKey("done")) {
            stepFormulas.add(formulas.get("done"));
            stepShapes.add(Shape.SCALAR);
            stepKeys.add("done");
        }
        FormulaEnvironment.Compiled step = compile(state, parameters, lowering, stepFormulas, stepShapes, stepKeys);
        return new FormulaEnvironment(name, shape.size(), gamma, horizon == 0 ? Environment.STEP_CAP : horizon,
                horizon == 0, start, step, formulas.containsKey("done"));
    }

    /** Lowers the formulas into one program whose noise draws are numbered 0, 1, 2, ... */
    private static FormulaEnvironment.Compiled compile(Node.Input state, ParameterLayout parameters, Lowering lowering, List<Expr> exprs,
            List<Shape> shapes, List<String> keys) {
        Noise noise = new Noise(lowering);
        List<Node> outputs = new ArrayList<>();
        for (int i = 0; i < exprs.size(); i++) {
            Expr e = exprs.get(i);
            Node value = lowering.lower(e, noise);
            if (!value.shape().equals(shapes.get(i))) {
                String expected = i == 0 && !keys.get(0).equals("done")
                        ? "have the shape of the state " + state.name() + " (" + shapes.get(i) + ")"
                        : "be a scalar";
                throw new CheckError(e.span(), keys.get(i) + " must " + expected + ", got " + value.shape());
            }
            Node param = first(value, n -> n instanceof Node.Param, new IdentityHashMap<>());
            if (param != null) {
                String name = ((Node.Param) param).name();
                throw new CheckError(ParamUse.find(e, parameters, name), keys.get(i)
                        + " depends on the policy's parameter '" + name + "'; an environment's dynamics must "
                        + "not change with theta");
            }
            if (keys.get(i).equals("start")) {
                Node input = first(value, n -> n instanceof Node.Input in
                        && (in.kind() == Node.InputKind.STATE || in.kind() == Node.InputKind.ACTION), new IdentityHashMap<>());
                if (input != null) {
                    throw new CheckError(e.span(), "start must not depend on the " + (((Node.Input) input).kind()
                            == Node.InputKind.STATE ? "state" : "action") + " '" + ((Node.Input) input).name()
                            + "': it gives the first state, before any action");
                }
            }
            // done reads the state after the step: the next state's node wherever the state appears
            outputs.add(keys.get(i).equals("done") ? substitute(value, state, outputs.get(0), lowering.graph()) : value);
        }
        boolean[] kinds = new boolean[noise.kinds.size()];
        for (int i = 0; i < kinds.length; i++) kinds[i] = noise.kinds.get(i);
        return new FormulaEnvironment.Compiled(Program.compile(outputs, 0), kinds);
    }

    /** {@code node} with {@code from} replaced by {@code to} (of the same shape) throughout its DAG, built in {@code g}. */
    private static Node substitute(Node node, Node from, Node to, Graph g) {
        Map<Node, Node> replaced = new IdentityHashMap<>();
        replaced.put(from, to);
        for (Node n : Graph.topologicalOrder(node)) {
            if (replaced.containsKey(n)) continue;
            if (!(n instanceof Node.Apply a)) {
                replaced.put(n, n);
                continue;
            }
            List<Node> args = new ArrayList<>(a.args().size());
            boolean same = true;
            for (Node arg : a.args()) {
                Node r = replaced.get(arg);
                args.add(r);
                same &= r == arg;
            }
            replaced.put(n, same ? n : g.intern(new Node.Apply(a.op(), args, a.shape(), a.span())));
        }
        return replaced.get(node);
    }

    /** The first node of the DAG under {@code node} (depth first) that {@code test} accepts, or null. */
    private static Node first(Node node, Predicate<Node> test, Map<Node, Boolean> visited) {
        if (test.test(node)) return node;
        if (!(node instanceof Node.Apply apply) || visited.put(node, true) != null) return null;
        for (Node arg : apply.args()) {
            Node found = first(arg, test, visited);
            if (found != null) return found;
        }
        return null;
    }

    /** Fresh noise inputs numbered 0, 1, 2, ... in the order the formulas draw them. */
    private static final class Noise implements Lowering.NoiseSource {
        final Lowering lowering;
        final List<Boolean> kinds = new ArrayList<>();

        Noise(Lowering lowering) {
            this.lowering = lowering;
        }

        @Override
        public Node normal(Span span) {
            return next(Node.InputKind.NORMAL_NOISE, "normal", span);
        }

        @Override
        public Node uniform(Span span) {
            return next(Node.InputKind.UNIFORM_NOISE, "uniform", span);
        }

        private Node next(Node.InputKind kind, String name, Span span) {
            int index = kinds.size();
            kinds.add(kind == Node.InputKind.NORMAL_NOISE);
            return lowering.graph().intern(new Node.Input(kind, name, index, Shape.SCALAR, span));
        }
    }
}
