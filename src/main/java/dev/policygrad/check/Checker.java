package dev.policygrad.check;

import dev.policygrad.env.ActionSpace;
import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Ident;
import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.CheckError;
import dev.policygrad.dist.Distribution;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.env.Environment;
import dev.policygrad.env.Environments;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Ops;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check stage: resolves the names of a parsed program, lays out its parameters, infers and
 * checks every shape, turns the policy into one IR expression for log pi(a | s), lowers every
 * {@code let} (used or not) and builds every declared environment. What it returns is closed: a
 * declaration that passes nothing downstream has still been checked.
 */
public final class Checker {

    private final Graph g = new Graph();
    private final Lowering lowering = new Lowering(g);
    private final Map<String, Span> declared = new HashMap<>();

    /**
     * The most values a parameter block, a state, or all parameters together may have: theta, its
     * gradient and the tape's registers each hold one double per value, and every method of the check
     * sweeps them.
     */
    public static final int MAX_VALUES = 10_000_000;

    /**
     * The most components of a vector action {@code a[K] : real}: the diagonal Gaussian's log-density
     * is unrolled into one term per component.
     */
    public static final int MAX_ACTION_COMPONENTS = 10_000;

    private Checker() {}

    /** Checks {@code program}; throws a {@link CheckError} at the first problem. */
    public static CheckedProgram check(SyntaxTree program) {
        return new Checker().run(program);
    }

    private CheckedProgram run(SyntaxTree program) {
        ExpansionBounds.check(program.decls());
        Decl.StateDecl stateDecl = null;
        Decl.ActionDecl actionDecl = null;
        Decl.PolicyDecl policyDecl = null;
        List<Decl.ParamDecl> params = new ArrayList<>();
        List<Decl.ClaimDecl> claimDecls = new ArrayList<>();
        Map<String, Span> claimNames = new HashMap<>();
        List<Decl> environmentDecls = new ArrayList<>();
        Map<String, Decl.EstimatorDecl> estimators = new java.util.LinkedHashMap<>();
        Map<String, Decl.ValueDecl> critics = new java.util.LinkedHashMap<>();
        Map<String, Span> environmentNames = new HashMap<>();
        for (Decl d : program.decls()) {
            if (d instanceof Decl.MdpDecl || d instanceof Decl.BuiltinEnvDecl || d instanceof Decl.FormulaEnvDecl) {
                unique(environmentNames, d.name(), "environment");
                environmentDecls.add(d);
                continue;
            }
            if (d instanceof Decl.ClaimDecl c) {
                unique(claimNames, c.name(), "claim");
                claimDecls.add(c);
                continue;
            }
            unique(declared, d.name(), "name");
            if (d instanceof Decl.StateDecl s) {
                if (stateDecl != null) throw duplicate("state", s.span(), stateDecl.span());
                stateDecl = s;
            } else if (d instanceof Decl.ActionDecl a) {
                if (actionDecl != null) throw duplicate("action", a.span(), actionDecl.span());
                actionDecl = a;
            } else if (d instanceof Decl.PolicyDecl p) {
                if (policyDecl != null) throw duplicate("policy", p.span(), policyDecl.span());
                policyDecl = p;
            } else if (d instanceof Decl.ParamDecl p) {
                params.add(p);
            } else if (d instanceof Decl.LetDecl l) {
                lowering.let(l);
            } else if (d instanceof Decl.EstimatorDecl e) {
                estimators.put(e.name().text(), e);
            } else if (d instanceof Decl.ValueDecl v) {
                critics.put(v.name().text(), v);
            } else if (d instanceof Decl.DefDecl f) {
                checkDefParameters(f);
                lowering.def(f);
            }
        }
        Node.Input state = stateDecl == null ? null : state(stateDecl);
        ActionSpace actions = actionDecl == null ? null : actions(actionDecl);
        Node.Input action = actionDecl == null ? null : g.intern(new Node.Input(Node.InputKind.ACTION,
                actionInputName(actionDecl.name().text(), actions), 0,
                actions.isVector() ? Shape.vector(actions.dimension()) : Shape.SCALAR, actionDecl.name().span()));
        if (action != null) defineAction(actionDecl, actions, action);
        ParameterLayout layout = layout(params);
        PolicySpec policy = policyDecl == null ? null : policy(policyDecl, stateDecl, state, actionDecl, actions, action);
        List<CheckedProgram.DeclaredEnvironment> environments = new ArrayList<>();
        for (Decl d : environmentDecls) {
            Environment environment = actions == null ? null
                    : d instanceof Decl.FormulaEnvDecl f ? FormulaEnvChecker.read(f, state, actions, layout, lowering)
                    : Environments.of(d, actions, state);
            environments.add(new CheckedProgram.DeclaredEnvironment(d.name().text(), environment, d.span()));
        }
        EpisodeFormulas formulas = new EpisodeFormulas(lowering, state == null ? null : state.shape(),
                action == null ? null : action.shape(), estimators, critics);
        formulas.check(layout.size());
        List<String> warnings = lowering.lowerEveryLet();
        List<ClaimSpec> claims = new ArrayList<>();
        for (Decl.ClaimDecl c : claimDecls) claims.add(claim(c));
        return new CheckedProgram(state, actions, layout, policy, environments, warnings, claims, formulas);
    }

    private ClaimSpec claim(Decl.ClaimDecl c) {
        Node lhs = lowering.lower(c.lhs());
        Node rhs = lowering.lower(c.rhs());
        if (!lhs.shape().equals(rhs.shape())) {
            throw new CheckError(c.span(), "claim " + c.name().text() + " compares " + Builtins.describe(lhs)
                    + " with " + Builtins.describe(rhs) + "; both sides must have one shape");
        }
        return new ClaimSpec(c.name().text(), lhs, rhs, dev.policygrad.ast.AstPrinter.print(c.lhs()) + " = " + dev.policygrad.ast.AstPrinter.print(c.rhs()), c.span());
    }

    /**
     * The action input holds the action's index; for integer actions {@code from..to} with
     * {@code from != 0} the name {@code a} means {@code index + from}, so the input prints as
     * {@code (a - from)}, which reads back as the index.
     */
    private static String actionInputName(String name, ActionSpace actions) {
        if (actions.real() || actions.first() == 0) return name;
        return "(" + name + (actions.first() > 0 ? " - " + actions.first() : " + " + -actions.first()) + ")";
    }

    private static void unique(Map<String, Span> seen, Ident name, String what) {
        Span first = seen.putIfAbsent(name.text(), name.span());
        if (first != null) {
            throw new CheckError(name.span(), "duplicate declaration of " + what + " '" + name.text()
                    + "' (first declared at " + first.where() + ")");
        }
    }

    private static CheckError duplicate(String what, Span span, Span first) {
        return new CheckError(span, "a program has one " + what + "; another is declared at " + first.where());
    }

    private void checkDefParameters(Decl.DefDecl f) {
        Map<String, Span> seen = new HashMap<>();
        for (Ident p : f.params()) unique(seen, p, "parameter of " + f.name().text());
    }

    private Node.Input state(Decl.StateDecl s) {
        Shape shape = shape(s.dims(), s.span(), "state " + s.name().text());
        Node.Input input = g.intern(new Node.Input(Node.InputKind.STATE, s.name().text(), 0, shape, s.name().span()));
        lowering.define(s.name().text(), input);
        return input;
    }

    private static Shape shape(List<Integer> dims, Span span, String what) {
        if (dims.size() > 2) {
            throw new CheckError(span, what + " has " + dims.size() + " dimensions; at most 2 are supported");
        }
        long size = 1;
        for (int d : dims) {
            if (d <= 0) throw new CheckError(span, what + " needs positive dimensions, got " + d);
            size *= d; // at most two factors below 2^31: no overflow in a long
        }
        if (size > MAX_VALUES) {
            throw new CheckError(span, what + " has " + size + " values; at most " + MAX_VALUES + " are supported");
        }
        return Shape.of(dims);
    }

    private ActionSpace actions(Decl.ActionDecl a) {
        String name = a.name().text();
        if (a.set() instanceof Decl.ActionSet.Real real) {
            if (real.dims().isEmpty()) return ActionSpace.realLine(name);
            if (real.dims().size() > 1) {
                throw new CheckError(a.span(), "action " + name + " has " + real.dims().size() + " dimensions; a real "
                        + "action is a scalar ('action " + name + " : real') or a vector ('action " + name
                        + "[2] : real')");
            }
            int k = real.dims().get(0);
            if (k < 1) {
                throw new CheckError(a.span(), "action " + name + "[" + k + "] needs at least one component, e.g. 'action "
                        + name + "[2] : real'");
            }
            if (k > MAX_ACTION_COMPONENTS) {
                throw new CheckError(a.span(), "action " + name + "[" + k + "] has too many components; at most "
                        + MAX_ACTION_COMPONENTS + " are supported");
            }
            return ActionSpace.realVector(name, k);
        }
        if (a.set() instanceof Decl.ActionSet.Integers set) {
            Map<Integer, Span> seen = new HashMap<>();
            for (int i = 0; i < set.values().size(); i++) {
                Span first = seen.putIfAbsent(set.values().get(i), set.spans().get(i));
                if (first != null) {
                    throw new CheckError(set.spans().get(i), "action " + set.values().get(i) + " appears twice; the first is at "
                            + first.where());
                }
            }
            if (set.values().size() > 1_000_000) throw new CheckError(a.span(), "action set is too large");
            return ActionSpace.integers(name, set.values());
        }
        if (a.set() instanceof Decl.ActionSet.Range r) {
            if (r.to() < r.from()) {
                throw new CheckError(a.span(), "action range " + r.from() + ".." + r.to() + " is empty");
            }
            if ((long) r.to() - r.from() >= 1_000_000) throw new CheckError(a.span(), "action range is too large");
            return ActionSpace.range(name, r.from(), r.to());
        }
        List<Ident> names = ((Decl.ActionSet.Named) a.set()).names();
        Map<String, Span> seen = new HashMap<>();
        List<String> labels = new ArrayList<>();
        for (Ident n : names) {
            unique(seen, n, "action");
            labels.add(n.text());
        }
        return ActionSpace.named(name, labels);
    }

    private void defineAction(Decl.ActionDecl decl, ActionSpace actions, Node.Input action) {
        Node value;
        if (actions.isIntegerSet()) {
            // a is the integer written at the drawn index: pick([-1, 1], index)
            double[] integers = new double[actions.count()];
            for (int i = 0; i < integers.length; i++) integers[i] = actions.value(i);
            value = g.apply(Ops.PICK, decl.span(), g.constant(integers, Shape.vector(integers.length)), action);
        } else {
            value = actions.first() == 0 ? action : g.apply(Ops.ADD, decl.span(), action, g.constant(actions.first()));
        }
        lowering.define(actions.name(), value);
        if (decl.set() instanceof Decl.ActionSet.Named named) {
            for (int i = 0; i < named.names().size(); i++) {
                Ident label = named.names().get(i);
                unique(declared, label, "name");
                lowering.define(label.text(), g.constant(i));
            }
        }
    }

    private ParameterLayout layout(List<Decl.ParamDecl> params) {
        List<ParameterLayout.Block> blocks = new ArrayList<>();
        int offset = 0;
        // initial values are constants, folded before any parameter has a value: a parameter named in one
        // (directly or through a let) gets this message rather than "unknown name" (the names are defined below)
        for (Decl.ParamDecl p : params) {
            String name = p.name().text();
            lowering.forbid(name, "'" + name + "' is a parameter, and a parameter's initial value cannot refer to a "
                    + "parameter: initial values are constants, computed before any parameter has a value; write "
                    + "the number, or a let of constants that both use");
        }
        for (Decl.ParamDecl p : params) {
            Shape shape = shape(p.dims(), p.span(), "param " + p.name().text());
            Node.Param node = g.intern(new Node.Param(p.name().text(), offset, shape, p.name().span()));
            blocks.add(new ParameterLayout.Block(node, Initializers.of(lowering, p, shape), p.span()));
            offset += shape.size();
            if (offset > MAX_VALUES) {
                throw new CheckError(p.span(), "too many parameters: " + offset + " so far, more than the " + MAX_VALUES
                        + " supported");
            }
        }
        for (ParameterLayout.Block b : blocks) lowering.define(b.name(), b.node());
        return new ParameterLayout(blocks);
    }

    private PolicySpec policy(Decl.PolicyDecl p, Decl.StateDecl stateDecl, Node.Input state,
            Decl.ActionDecl actionDecl, ActionSpace actions, Node.Input action) {
        if (actionDecl == null) {
            throw new CheckError(p.span(), "policy " + p.name().text() + " needs an action; declare one, e.g. "
                    + "'action " + p.action().text() + " in {left, right}' or 'action " + p.action().text() + " : real'");
        }
        if (!p.action().text().equals(actionDecl.name().text())) {
            throw new CheckError(p.action().span(), "the policy's action '" + p.action().text()
                    + "' is not the declared action '" + actionDecl.name().text() + "'");
        }
        if (stateDecl != null && !p.state().text().equals(stateDecl.name().text())) {
            throw new CheckError(p.state().span(), "the policy's state '" + p.state().text()
                    + "' is not the declared state '" + stateDecl.name().text() + "'");
        }
        if (stateDecl == null && !p.state().text().equals(p.action().text())) {
            lowering.forbid(p.state().text(), "the policy uses the state '" + p.state().text()
                    + "', but no state is declared; declare it, e.g. 'state " + p.state().text() + "[4]' or 'state "
                    + p.state().text() + "'");
        }
        Distribution distribution = null;
        Node logPi;
        Expr body = p.body();
        if (body instanceof Expr.Call call && PolicyBodies.isDistribution(call, lowering)) {
            if (p.logForm()) {
                throw new CheckError(call.span(), "'policy log " + p.name().text() + "' needs a log-density formula, not a "
                        + "distribution; write 'policy " + p.name().text() + "(...) = " + call.function() + "(...)'");
            }
            distribution = PolicyBodies.distribution(lowering, call, actions);
            logPi = distribution.logDensity(g, action, call.span());
        } else {
            Node value = lowering.lower(body);
            if (!value.shape().isScalar()) {
                throw new CheckError(body.span(), (p.logForm() ? "log pi" : "pi") + "(a | s) must be a scalar, got "
                        + Builtins.describe(value));
            }
            logPi = p.logForm() ? value : LogSpace.log(lowering, value, body.span());
        }
        return new PolicySpec(p.name().text(), distribution, logPi, action, state, p.span());
    }
}
