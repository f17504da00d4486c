package dev.policygrad.parse;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Decl.ActionSet;
import dev.policygrad.ast.Decl.EnvItem;
import dev.policygrad.ast.Decl.MdpItem;
import dev.policygrad.ast.Decl.ParamInit;
import dev.policygrad.ast.Decl.StateDistribution;
import dev.policygrad.ast.Decl.WeightedState;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.Ident;
import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.ast.Span;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random syntax trees of every shape the parser can produce: all kinds of expression and
 * declaration, names that are keywords elsewhere ({@code gamma}, {@code log}, {@code sum}), and
 * numbers from 0 to the largest double. Literals are never negative, since the parser reads
 * {@code -2} as a negation; settings and MDP numbers, which are plain doubles, may be.
 */
final class ProgramArbitraries {

    private static final Set<String> RESERVED = Set.of("state", "action", "param", "let", "def", "policy",
            "mdp", "env", "in", "if", "then", "else", "and", "or", "not");

    private ProgramArbitraries() {}

    static Arbitrary<SyntaxTree> programs() {
        return decls().list().ofMaxSize(6).map(SyntaxTree::new);
    }

    static Arbitrary<Expr> exprs() {
        return expr(4);
    }

    // ---------- expressions ----------

    private static Arbitrary<Expr> expr(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                literals().map(value -> new Expr.Number(value, Span.NONE)),
                names().map(name -> new Expr.Name(name, Span.NONE)));
        if (depth == 0) return leaf;
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(4, Combinators.combine(Arbitraries.of(Expr.BinaryOp.class), sub, sub)
                        .as((op, left, right) -> new Expr.Binary(op, left, right, Span.NONE))),
                Tuple.of(2, Combinators.combine(Arbitraries.of(Expr.UnaryOp.class), sub)
                        .as((op, operand) -> new Expr.Unary(op, operand, Span.NONE))),
                Tuple.of(1, Combinators.combine(sub, sub)
                        .as((target, index) -> new Expr.Index(target, index, Span.NONE))),
                Tuple.of(1, sub.list().ofMinSize(1).ofMaxSize(3)
                        .map(elements -> new Expr.Vector(elements, Span.NONE))),
                Tuple.of(2, Combinators.combine(names(), args(sub))
                        .as((function, args) -> new Expr.Call(function, args, Span.NONE))),
                Tuple.of(1, Combinators.combine(names(), sub, sub, sub)
                        .as((variable, from, to, body) -> new Expr.SumLoop(variable, from, to, body, Span.NONE))),
                Tuple.of(1, Combinators.combine(sub, sub, sub)
                        .as((condition, then, otherwise) -> new Expr.If(condition, then, otherwise, Span.NONE))));
    }

    private static Arbitrary<List<Expr.Arg>> args(Arbitrary<Expr> values) {
        Arbitrary<String> argName = Arbitraries.oneOf(names(), Arbitraries.just(null));
        return Combinators.combine(argName, values)
                .as((name, value) -> new Expr.Arg(name, value, Span.NONE))
                .list().ofMaxSize(3);
    }

    /** Non-negative literals: small integers, fractions, and the extremes of double. */
    private static Arbitrary<Double> literals() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1000).map(Integer::doubleValue),
                Arbitraries.doubles().between(0, 10),
                Arbitraries.doubles().between(0, Double.MAX_VALUE).map(Math::abs),
                Arbitraries.of(0.1, 0.5, 1e-5, 1.5e-5, 1e15, 1e16, 123456789012.0, 4.9e-324,
                        Double.MIN_NORMAL, Double.MAX_VALUE));
    }

    /** Any finite double, for settings and MDPs, which read a minus sign as part of the number. */
    private static Arbitrary<Double> signedNumbers() {
        return Arbitraries.oneOf(literals(), literals().map(value -> -value), Arbitraries.just(-0.0));
    }

    private static Arbitrary<String> names() {
        Arbitrary<String> written = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'A', 'W').ofLength(1),
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_')
                                .ofMaxLength(5))
                .as(String::concat)
                .filter(name -> !RESERVED.contains(name));
        Arbitrary<String> keywordsElsewhere = Arbitraries.of("gamma", "horizon", "start", "terminal", "observe",
                "reward", "next", "done", "real", "log", "sum");
        return Arbitraries.frequencyOf(Tuple.of(4, written), Tuple.of(1, keywordsElsewhere));
    }

    private static Arbitrary<Ident> idents() {
        return names().map(name -> new Ident(name, Span.NONE));
    }

    // ---------- declarations ----------

    private static Arbitrary<Decl> decls() {
        Arbitrary<List<Integer>> dims = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(3);
        Arbitrary<Expr> expr = exprs();
        return Arbitraries.oneOf(
                Combinators.combine(idents(), dims).as((name, shape) -> new Decl.StateDecl(name, shape, Span.NONE)),
                Combinators.combine(idents(), actionSets()).as((name, set) -> new Decl.ActionDecl(name, set, Span.NONE)),
                Combinators.combine(idents(), dims, paramInits())
                        .as((name, shape, init) -> new Decl.ParamDecl(name, shape, init, Span.NONE)),
                Combinators.combine(idents(), expr).as((name, value) -> new Decl.LetDecl(name, value, Span.NONE)),
                Combinators.combine(idents(), idents().list().ofMinSize(1).ofMaxSize(3), expr)
                        .as((name, params, body) -> new Decl.DefDecl(name, params, body, Span.NONE)),
                Combinators.combine(idents(), Arbitraries.of(true, false), idents(), idents(), expr)
                        .as((name, log, action, state, body) ->
                                new Decl.PolicyDecl(name, log, action, state, body, Span.NONE)),
                Combinators.combine(idents(), mdpItems().list().ofMaxSize(4))
                        .as((name, items) -> new Decl.MdpDecl(name, items, Span.NONE)),
                Combinators.combine(idents(), Combinators.combine(idents(), signedNumbers())
                                .as((key, value) -> new Decl.Setting(key, value, Span.NONE)).list().ofMaxSize(3))
                        .as((name, settings) -> new Decl.BuiltinEnvDecl(name, settings, Span.NONE)),
                Combinators.combine(idents(), envItems().list().ofMaxSize(4))
                        .as((name, items) -> new Decl.FormulaEnvDecl(name, items, Span.NONE)));
    }

    private static Arbitrary<ActionSet> actionSets() {
        Arbitrary<Integer> bound = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.oneOf(
                idents().list().ofMinSize(1).ofMaxSize(4).map(ActionSet.Named::new),
                Combinators.combine(bound, bound).as(ActionSet.Range::new),
                Arbitraries.just(new ActionSet.Real()),
                // action a[K] : real (one dimension; the parser accepts more, the checker refuses them)
                Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(2)
                        .map(ActionSet.Real::new));
    }

    private static Arbitrary<ParamInit> paramInits() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                expr(3).map(ParamInit.Value::new),
                Combinators.combine(idents(), args(expr(2))).as(ParamInit.Draw::new));
    }

    private static Arbitrary<MdpItem> mdpItems() {
        Arbitrary<Integer> horizon = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.oneOf(
                signedNumbers().map(value -> new MdpItem.Setting("gamma", value, Span.NONE)),
                horizon.map(value -> new MdpItem.Setting("horizon", value, Span.NONE)),
                distributions().map(distribution -> new MdpItem.Start(distribution, Span.NONE)),
                idents().list().ofMinSize(1).ofMaxSize(3).map(states -> new MdpItem.Terminal(states, Span.NONE)),
                Combinators.combine(idents(), signedNumbers().list().ofMinSize(1).ofMaxSize(3))
                        .as((state, vector) -> new MdpItem.Observe(state, vector, Span.NONE)),
                Combinators.combine(idents(), idents(), distributions(), signedNumbers())
                        .as((from, action, to, reward) -> new MdpItem.Transition(from, action, to, reward, Span.NONE)));
    }

    private static Arbitrary<StateDistribution> distributions() {
        Arbitrary<WeightedState> outcome = Combinators.combine(idents(), signedNumbers()).as(WeightedState::new);
        return Arbitraries.oneOf(
                idents().map(state -> new StateDistribution(List.of(new WeightedState(state, 1.0)), true)),
                outcome.list().ofMinSize(1).ofMaxSize(3).map(outcomes -> new StateDistribution(outcomes, false)));
    }

    private static Arbitrary<EnvItem> envItems() {
        Arbitrary<Integer> horizon = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.oneOf(
                signedNumbers().map(value -> new EnvItem.Setting("gamma", value, Span.NONE)),
                horizon.map(value -> new EnvItem.Setting("horizon", value, Span.NONE)),
                Combinators.combine(Arbitraries.of("start", "next", "reward", "done"), expr(3))
                        .as((key, value) -> new EnvItem.Formula(key, value, Span.NONE)));
    }
}
