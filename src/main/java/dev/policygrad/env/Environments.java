package dev.policygrad.env;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Span;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.diag.Suggestions;
import dev.policygrad.diag.CheckError;
import dev.policygrad.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Environment} of an {@code mdp} block or a built-in {@code env} line and checks that
 * the policy fits it (its actions and the state it observes). Called by the check stage, so a checked
 * program holds its environments ready to run.
 */
public final class Environments {

    /** The built-in environments and their settings with defaults. */
    static final Map<String, Map<String, Double>> BUILTINS = Map.of(
            "cartpole", ordered("gamma", 1.0, "horizon", (double) CartPole.MAX_STEPS),
            "lqr", ordered("a", 1.2, "b", 0.7, "q", 1.0, "r", 0.5, "s0_std", 1.0, "noise_std", 0.0, "horizon", 20.0,
                    "gamma", 1.0));

    private Environments() {}

    /**
     * The environment an {@code mdp} block or an {@code env cartpole} / {@code env lqr(...)} line
     * declares, checked against the policy's actions and the state it observes (null when it sees
     * none). Formula environments ({@code env NAME { ... }}) are lowered by the check stage, which
     * owns the program's names.
     */
    public static Environment of(Decl decl, ActionSpace actions, Node.Input state) {
        if (actions == null) {
            throw new CheckError(decl.name().span(), "the environment '" + decl.name().text() + "' needs a policy's action; "
                    + "declare one, e.g. 'action a in {left, right}'");
        }
        if (decl instanceof Decl.MdpDecl m) return FiniteMdp.of(m, actions, state);
        Decl.BuiltinEnvDecl b = (Decl.BuiltinEnvDecl) decl;
        String name = b.name().text();
        Map<String, Double> defaults = BUILTINS.get(name);
        if (defaults == null) {
            throw new CheckError(b.name().span(), "unknown built-in environment '" + name + "'"
                    + Suggestions.didYouMean(name, BUILTINS.keySet()) + " (built in: cartpole, lqr; or write an mdp or "
                    + "env block)");
        }
        BuiltinSettings settings = new BuiltinSettings(b, defaults);
        return name.equals("cartpole") ? cartpole(b, settings, actions, state) : lqr(b, settings, actions, state);
    }

    private static CartPole cartpole(Decl.BuiltinEnvDecl b, BuiltinSettings settings, ActionSpace actions,
            Node.Input state) {
        if (actions.real() || actions.count() != 2) {
            throw new CheckError(b.span(), "env cartpole needs exactly 2 discrete actions (the first pushes left, the "
                    + "second right), but the policy's actions are " + actions.describe());
        }
        requireState(b.span(), state, "cartpole", "s[4]", 4, true);
        return new CartPole(settings.gamma(), settings.horizon());
    }

    private static Lqr lqr(Decl.BuiltinEnvDecl b, BuiltinSettings settings, ActionSpace actions, Node.Input state) {
        if (!actions.real()) {
            throw new CheckError(b.span(), "env lqr needs a real action ('action " + actions.name()
                    + " : real'), but the policy's actions are " + actions.describe());
        }
        if (actions.isVector()) {
            throw new CheckError(b.span(), "env lqr takes a scalar action ('action " + actions.name() + " : real'), but the "
                    + "policy's action is " + actions.name() + "[" + actions.dimension() + "]; for a vector action write "
                    + "the task as formulas (env NAME { next = ... reward = ... })");
        }
        requireState(b.span(), state, "lqr", "s", 1, false);
        return new Lqr(settings.get("a"), settings.get("b"), settings.nonNegative("q"), settings.nonNegative("r"),
                settings.nonNegative("s0_std"), settings.nonNegative("noise_std"), settings.horizon(), settings.gamma());
    }

    private static void requireState(Span span, Node.Input state, String env, String declaration, int size,
            boolean vector) {
        boolean ok = state != null && state.shape().size() == size
                && (vector ? state.shape().isVector() : state.shape().isScalar());
        if (!ok) {
            String name = state == null ? "s" : state.name();
            throw new CheckError(span, "env " + env + " gives the policy " + (vector ? "a state vector of " + size
                    + " values" : "a scalar state") + "; declare 'state " + declaration.replace("s", name) + "'"
                    + (state == null ? "" : " (the policy's state " + state.name() + " has shape " + state.shape() + ")"));
        }
    }

    private static Map<String, Double> ordered(Object... keyValues) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], (Double) keyValues[i + 1]);
        return map;
    }
}
