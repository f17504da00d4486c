package dev.policygrad.parse;

import static dev.policygrad.parse.Trees.arg;
import static dev.policygrad.parse.Trees.bin;
import static dev.policygrad.parse.Trees.call;
import static dev.policygrad.parse.Trees.id;
import static dev.policygrad.parse.Trees.index;
import static dev.policygrad.parse.Trees.name;
import static dev.policygrad.parse.Trees.neg;
import static dev.policygrad.parse.Trees.num;
import static dev.policygrad.parse.Trees.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.policygrad.ast.Decl;
import dev.policygrad.ast.Decl.ActionSet;
import dev.policygrad.ast.Decl.EnvItem;
import dev.policygrad.ast.Decl.MdpItem;
import dev.policygrad.ast.Decl.ParamInit;
import dev.policygrad.ast.Decl.StateDistribution;
import dev.policygrad.ast.Decl.WeightedState;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.ast.Span;
import dev.policygrad.diag.Sources;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example programs of the language parse into the trees they mean. */
class ExamplesTest {

    @Test
    void shortCorridorHasOnePreferencePerAction() {
        SyntaxTree program = parseExample("short_corridor.pg");
        assertEquals(List.of(
                new Decl.ActionDecl(id("a"), new ActionSet.Named(List.of(id("right"), id("left"))), Span.NONE),
                new Decl.ParamDecl(id("theta"), List.of(2), new ParamInit.Value(num(0)), Span.NONE),
                new Decl.PolicyDecl(id("pi"), false, id("a"), id("s"),
                        call("categorical", arg("logits", name("theta"))), Span.NONE)),
                program.decls());
    }

    @Test
    void linearSoftmaxMultipliesBeforeAdding() {
        SyntaxTree program = parseExample("linear_softmax.pg");
        assertEquals(new Decl.StateDecl(id("s"), List.of(4), Span.NONE), program.decls().get(0));
        assertEquals(List.of(2, 4), ((Decl.ParamDecl) program.decls().get(2)).dims());
        Decl.PolicyDecl policy = (Decl.PolicyDecl) program.decls().get(4);
        assertEquals(call("categorical", arg("logits", bin(bin(name("W"), "@", name("s")), "+", name("b")))),
                policy.body());
    }

    @Test
    void twoLayerNetworkDrawsItsWeights() {
        SyntaxTree program = parseExample("two_layer.pg");
        assertEquals(7, program.decls().size());
        Decl.ParamDecl w1 = (Decl.ParamDecl) program.decls().get(2);
        assertEquals(List.of(16, 4), w1.dims());
        assertEquals(new ParamInit.Draw(id("normal"), List.of(arg(num(0)), arg(num(0.5)))), w1.init());
        assertEquals(new Decl.LetDecl(id("h"),
                call("tanh", arg(bin(bin(name("W1"), "@", name("s")), "+", name("b1")))), Span.NONE),
                program.decls().get(5));
    }

    @Test
    void gaussianPolicyNegatesBeforeMultiplying() {
        SyntaxTree program = parseExample("gaussian.pg");
        assertEquals(new Decl.StateDecl(id("s"), List.of(), Span.NONE), program.decls().get(0));
        assertEquals(new Decl.ActionDecl(id("a"), new ActionSet.Real(), Span.NONE), program.decls().get(1));
        Decl.PolicyDecl policy = (Decl.PolicyDecl) program.decls().get(4);
        assertEquals(call("normal",
                arg("mean", bin(neg(name("k")), "*", name("s"))),
                arg("std", call("exp", arg(name("log_std"))))), policy.body());
    }

    @Test
    void logFormPolicyWithHelperFunction() {
        SyntaxTree program = parseExample("log_form.pg");
        assertEquals(new Decl.ActionDecl(id("a"), new ActionSet.Range(0, 2), Span.NONE), program.decls().get(0));
        assertEquals(new ParamInit.Value(vector(num(0.5), num(0), neg(num(0.5)))),
                ((Decl.ParamDecl) program.decls().get(1)).init());
        Decl.DefDecl pref = (Decl.DefDecl) program.decls().get(2);
        assertEquals(List.of(id("i")), pref.params());
        assertEquals(bin(bin(index(name("theta"), name("i")), "^", num(2)), "-", index(name("theta"), name("i"))),
                pref.body());
        Decl.PolicyDecl policy = (Decl.PolicyDecl) program.decls().get(3);
        assertTrue(policy.logForm());
        assertEquals(bin(call("pref", arg(name("a"))), "-", call("logsumexp", arg(vector(
                call("pref", arg(num(0))), call("pref", arg(num(1))), call("pref", arg(num(2))))))),
                policy.body());
    }

    @Test
    void noisyChainMdp() {
        Decl.MdpDecl mdp = (Decl.MdpDecl) parseExample("tasks.pg").decls().get(0);
        assertEquals("noisy_chain", mdp.name().text());
        assertEquals(List.of(
                new MdpItem.Setting("gamma", 0.9, Span.NONE),
                new MdpItem.Setting("horizon", 6, Span.NONE),
                new MdpItem.Start(new StateDistribution(List.of(
                        new WeightedState(id("A"), 0.7), new WeightedState(id("B"), 0.3)), false), Span.NONE),
                new MdpItem.Terminal(List.of(id("T")), Span.NONE),
                new MdpItem.Observe(id("A"), List.of(1.0, 0.0, 0.5), Span.NONE),
                new MdpItem.Transition(id("A"), id("go"), new StateDistribution(List.of(
                        new WeightedState(id("B"), 0.8), new WeightedState(id("A"), 0.2)), false), 1, Span.NONE),
                new MdpItem.Transition(id("A"), id("stay"), certain("A"), 0, Span.NONE),
                new MdpItem.Transition(id("C"), id("go"), certain("T"), 5, Span.NONE)),
                mdp.items());
    }

    @Test
    void shortCorridorMdpHasNegativeRewardsAndACertainStart() {
        Decl.MdpDecl mdp = (Decl.MdpDecl) parseExample("short_corridor_mdp.pg").decls().get(0);
        assertEquals(9, mdp.items().size());
        assertEquals(new MdpItem.Setting("gamma", 1, Span.NONE), mdp.items().get(0));
        assertEquals(new MdpItem.Start(certain("S1"), Span.NONE), mdp.items().get(1));
        assertEquals(new MdpItem.Transition(id("S3"), id("right"), certain("G"), -1, Span.NONE), mdp.items().get(7));
    }

    @Test
    void builtinEnvironmentsWithAndWithoutSettings() {
        SyntaxTree program = parseExample("tasks.pg");
        Decl.BuiltinEnvDecl lqr = (Decl.BuiltinEnvDecl) program.decls().get(1);
        assertEquals(8, lqr.settings().size());
        assertEquals(new Decl.Setting(id("a"), 1.2, Span.NONE), lqr.settings().get(0));
        assertEquals(new Decl.Setting(id("gamma"), 1, Span.NONE), lqr.settings().get(7));
        assertEquals(new Decl.BuiltinEnvDecl(id("cartpole"), List.of(), Span.NONE), program.decls().get(2));
    }

    @Test
    void environmentWrittenAsFormulas() {
        Decl.FormulaEnvDecl pendulum = (Decl.FormulaEnvDecl) parseExample("tasks.pg").decls().get(3);
        List<EnvItem> items = pendulum.items();
        assertEquals(new EnvItem.Setting("gamma", 0.99, Span.NONE), items.get(0));
        assertEquals(new EnvItem.Setting("horizon", 200, Span.NONE), items.get(1));
        assertEquals(new EnvItem.Formula("start", vector(
                call("uniform", arg(neg(num(0.1))), arg(num(0.1))), num(0)), Span.NONE), items.get(2));
        assertEquals("next", ((EnvItem.Formula) items.get(3)).key());
        assertEquals(new EnvItem.Formula("reward", neg(bin(bin(s0(), "^", num(2)), "+",
                bin(num(0.1), "*", bin(name("a"), "^", num(2))))), Span.NONE), items.get(4));
        assertEquals(new EnvItem.Formula("done", bin(call("abs", arg(s0())), ">", num(3)), Span.NONE),
                items.get(5));
    }

    @Test
    void spansCountLinesAndColumnsFromOne() {
        SyntaxTree program = Parser.parse("p.pg", "param k = 0\nlet h =  k + 2 * k");
        Decl.LetDecl let = (Decl.LetDecl) program.decls().get(1);
        assertEquals(new Span("p.pg", 2, 1, 12, 30).toString(), let.span().toString());
        Span sum = let.value().span();
        assertEquals("p.pg:2:10", sum.where());
        assertEquals(List.of(21, 30), List.of(sum.start(), sum.end()));
        assertEquals("p.pg:2:14", ((Expr.Binary) let.value()).right().span().where());
    }

    @Test
    void parameterWithoutInitialValue() {
        Decl.ParamDecl param = (Decl.ParamDecl) Parser.parse("p.pg", "param w[3]").decls().get(0);
        assertNull(param.init());
    }

    @Test
    void filesAreConcatenatedAndRegisteredForDiagnostics() {
        Sources sources = new Sources();
        Path corridor = example("short_corridor.pg");
        Path tasks = example("tasks.pg");
        SyntaxTree both = Parser.parseFiles(List.of(corridor, tasks), sources);
        assertEquals(3 + 4, both.decls().size());
        assertTrue(sources.text(corridor.toString()).contains("action a in {right, left}"));
        assertTrue(sources.text(tasks.toString()).contains("env cartpole"));
        assertEquals(Parser.parseFile(tasks).decls(), both.decls().subList(3, 7));
    }

    @Test
    void singleExpressionForTheCommandLine() {
        assertEquals(vector(num(0.1), neg(num(2))), Parser.parseExpression("--state", "[0.1, -2]"));
    }

    private static StateDistribution certain(String state) {
        return new StateDistribution(List.of(new WeightedState(id(state), 1.0)), true);
    }

    private static Expr s0() {
        return index(name("s"), num(0));
    }

    static Path example(String file) {
        try {
            return Path.of(ExamplesTest.class.getResource("/examples/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SyntaxTree parseExample(String file) {
        return Parser.parseFile(example(file));
    }
}
