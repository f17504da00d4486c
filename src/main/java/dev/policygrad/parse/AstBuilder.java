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
import dev.policygrad.parse.PolicygradParser.*;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns ANTLR's parse tree into the syntax tree of {@link dev.policygrad.ast}: one constructor per
 * grammar rule, each node with the {@link Span} of the text it was read from. Expressions nested
 * more than {@link NestingCheck#LIMIT} deep are refused here, so that every later pass may recurse
 * over the tree without running out of stack.
 */
final class AstBuilder extends PolicygradBaseVisitor<Object> {

    private final SourceText source;
    private int expressionDepth;

    AstBuilder(SourceText source) {
        this.source = source;
    }

    SyntaxTree program(ProgramContext context) {
        List<Decl> decls = new ArrayList<>();
        for (DeclContext decl : context.decl()) decls.add((Decl) decl.accept(this));
        return new SyntaxTree(decls);
    }

    Expr expr(ExprContext context) {
        while (context instanceof ParenExprContext paren) context = paren.expr();
        if (expressionDepth == NestingCheck.LIMIT) {
            throw source.error(source.span(context), NestingCheck.tooDeepMessage());
        }
        expressionDepth++;
        try {
            return (Expr) context.accept(this);
        } finally {
            expressionDepth--;
        }
    }

    // ---------- declarations ----------

    @Override
    public Decl visitStateDecl(StateDeclContext context) {
        return new Decl.StateDecl(ident(context.name()), dims(context.dims()), span(context));
    }

    @Override
    public Decl visitActionDecl(ActionDeclContext context) {
        return new Decl.ActionDecl(ident(context.name()), (ActionSet) context.actionSet().accept(this),
                span(context));
    }

    @Override
    public Decl visitRealActionDecl(RealActionDeclContext context) {
        return new Decl.ActionDecl(ident(context.name()), new ActionSet.Real(dims(context.dims())), span(context));
    }

    @Override
    public ActionSet visitNamedActions(NamedActionsContext context) {
        return new ActionSet.Named(idents(context.name()));
    }

    @Override
    public ActionSet visitRangeActions(RangeActionsContext context) {
        return new ActionSet.Range(integer(context.INT(0), "action value"), integer(context.INT(1), "action value"));
    }

    @Override
    public ActionSet visitIntegerActionSet(IntegerActionSetContext context) {
        List<Integer> values = new java.util.ArrayList<>();
        List<Span> spans = new java.util.ArrayList<>();
        for (SignedIntContext v : context.integerActions().signedInt()) {
            int magnitude = integer(v.INT(), "action value");
            values.add(v.getChildCount() > 1 ? -magnitude : magnitude);
            spans.add(span(v));
        }
        return new ActionSet.Integers(values, spans);
    }

    @Override
    public Decl visitParamDecl(ParamDeclContext context) {
        ParamInit init = context.paramInit() == null ? null : (ParamInit) context.paramInit().accept(this);
        return new Decl.ParamDecl(ident(context.name()), dims(context.dims()), init, span(context));
    }

    @Override
    public ParamInit visitParamValue(ParamValueContext context) {
        return new ParamInit.Value(expr(context.expr()));
    }

    @Override
    public ParamInit visitParamDraw(ParamDrawContext context) {
        return new ParamInit.Draw(ident(context.name()), args(context.args()));
    }

    @Override
    public Decl visitEstimatorDecl(EstimatorDeclContext context) {
        return new Decl.EstimatorDecl(ident(context.name()), expr(context.expr()), span(context));
    }

    @Override
    public Decl visitValueDecl(ValueDeclContext context) {
        return new Decl.ValueDecl(ident(context.name()), expr(context.expr()), span(context));
    }

    @Override
    public Decl visitLetDecl(LetDeclContext context) {
        return new Decl.LetDecl(ident(context.name()), expr(context.expr()), span(context));
    }

    @Override
    public Decl visitDefDecl(DefDeclContext context) {
        List<NameContext> names = context.name();
        return new Decl.DefDecl(ident(names.get(0)), idents(names.subList(1, names.size())),
                expr(context.expr()), span(context));
    }

    @Override
    public Decl visitPolicyDecl(PolicyDeclContext context) {
        return new Decl.PolicyDecl(ident(context.name(0)), context.LOG() != null, ident(context.name(1)),
                ident(context.name(2)), expr(context.expr()), span(context));
    }

    @Override
    public Decl visitMdpDecl(MdpDeclContext context) {
        List<MdpItem> items = new ArrayList<>();
        for (MdpItemContext item : context.mdpItem()) items.add((MdpItem) item.accept(this));
        return new Decl.MdpDecl(ident(context.name()), items, span(context));
    }

    @Override
    public Decl visitBuiltinEnvDecl(BuiltinEnvDeclContext context) {
        List<Decl.Setting> settings = new ArrayList<>();
        for (NamedNumberContext setting : context.namedNumber()) {
            settings.add(new Decl.Setting(ident(setting.name()), signedNumber(setting.signedNumber()),
                    span(setting)));
        }
        return new Decl.BuiltinEnvDecl(ident(context.name()), settings, span(context));
    }

    @Override
    public Decl visitClaimDeclaration(ClaimDeclarationContext context) {
        ClaimDeclContext claim = context.claimDecl();
        return new Decl.ClaimDecl(ident(claim.name()), expr(claim.expr(0)), expr(claim.expr(1)), span(claim));
    }

    @Override
    public Decl visitFormulaEnvDecl(FormulaEnvDeclContext context) {
        List<EnvItem> items = new ArrayList<>();
        for (EnvItemContext item : context.envItem()) items.add((EnvItem) item.accept(this));
        return new Decl.FormulaEnvDecl(ident(context.name()), items, span(context));
    }

    // ---------- finite MDPs ----------

    @Override
    public MdpItem visitMdpGamma(MdpGammaContext context) {
        return new MdpItem.Setting("gamma", signedNumber(context.signedNumber()), span(context));
    }

    @Override
    public MdpItem visitMdpHorizon(MdpHorizonContext context) {
        return new MdpItem.Setting("horizon", number(context.INT().getSymbol()), span(context));
    }

    @Override
    public MdpItem visitMdpStart(MdpStartContext context) {
        return new MdpItem.Start((StateDistribution) context.stateDistribution().accept(this), span(context));
    }

    @Override
    public MdpItem visitMdpTerminal(MdpTerminalContext context) {
        return new MdpItem.Terminal(idents(context.name()), span(context));
    }

    @Override
    public MdpItem visitMdpObserve(MdpObserveContext context) {
        List<Double> vector = new ArrayList<>();
        for (SignedNumberContext element : context.vectorLiteral().signedNumber()) vector.add(signedNumber(element));
        return new MdpItem.Observe(ident(context.name()), vector, span(context));
    }

    @Override
    public MdpItem visitMdpTransition(MdpTransitionContext context) {
        return new MdpItem.Transition(ident(context.name()), actionLabel(context.actionLabel()),
                (StateDistribution) context.outcomes().accept(this),
                context.reward() == null ? null : (Decl.Reward) context.reward().accept(this), span(context));
    }

    private Ident actionLabel(ActionLabelContext context) {
        if (context.name() != null) return ident(context.name());
        return new Ident(context.signedInt().getText(), span(context));
    }

    @Override
    public StateDistribution visitCertainOutcome(CertainOutcomeContext context) {
        return new StateDistribution(List.of(new WeightedState(ident(context.name()), 1.0)), true);
    }

    @Override
    public StateDistribution visitMixedOutcome(MixedOutcomeContext context) {
        List<WeightedState> outcomes = new ArrayList<>();
        for (OutcomeContext outcome : context.outcome()) {
            outcomes.add(new WeightedState(ident(outcome.name()), signedNumber(outcome.signedNumber()),
                    outcome.reward() == null ? null : (Decl.Reward) outcome.reward().accept(this)));
        }
        return new StateDistribution(outcomes, false);
    }

    @Override
    public Decl.Reward visitFixedReward(FixedRewardContext context) {
        return new Decl.Reward.Fixed(signedNumber(context.signedNumber()), span(context));
    }

    @Override
    public Decl.Reward visitDrawnReward(DrawnRewardContext context) {
        return new Decl.Reward.Drawn(ident(context.name()), signedNumber(context.signedNumber(0)),
                signedNumber(context.signedNumber(1)), span(context));
    }

    @Override
    public Decl.Reward visitDiscreteReward(DiscreteRewardContext context) {
        List<Double> values = new ArrayList<>();
        List<Double> probabilities = new ArrayList<>();
        for (WeightedRewardContext w : context.weightedReward()) {
            values.add(signedNumber(w.signedNumber(0)));
            probabilities.add(signedNumber(w.signedNumber(1)));
        }
        return new Decl.Reward.Discrete(values, probabilities, span(context));
    }

    @Override
    public StateDistribution visitCertainState(CertainStateContext context) {
        return new StateDistribution(List.of(new WeightedState(ident(context.name()), 1.0)), true);
    }

    @Override
    public StateDistribution visitMixedState(MixedStateContext context) {
        List<WeightedState> outcomes = new ArrayList<>();
        for (WeightedStateContext outcome : context.weightedState()) {
            outcomes.add(new WeightedState(ident(outcome.name()), signedNumber(outcome.signedNumber())));
        }
        return new StateDistribution(outcomes, false);
    }

    // ---------- environments written as formulas ----------

    @Override
    public EnvItem visitEnvGamma(EnvGammaContext context) {
        return new EnvItem.Setting("gamma", signedNumber(context.signedNumber()), span(context));
    }

    @Override
    public EnvItem visitEnvHorizon(EnvHorizonContext context) {
        return new EnvItem.Setting("horizon", number(context.INT().getSymbol()), span(context));
    }

    @Override
    public EnvItem visitEnvStart(EnvStartContext context) {
        return new EnvItem.Formula("start", expr(context.expr()), span(context));
    }

    @Override
    public EnvItem visitEnvNext(EnvNextContext context) {
        return new EnvItem.Formula("next", expr(context.expr()), span(context));
    }

    @Override
    public EnvItem visitEnvReward(EnvRewardContext context) {
        return new EnvItem.Formula("reward", expr(context.expr()), span(context));
    }

    @Override
    public EnvItem visitEnvDone(EnvDoneContext context) {
        return new EnvItem.Formula("done", expr(context.expr()), span(context));
    }

    // ---------- expressions ----------

    @Override
    public Expr visitIndexExpr(IndexExprContext context) {
        return new Expr.Index(expr(context.expr(0)), expr(context.expr(1)), span(context));
    }

    @Override
    public Expr visitPowerExpr(PowerExprContext context) {
        return binary(Expr.BinaryOp.POWER, context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitNegateExpr(NegateExprContext context) {
        return new Expr.Unary(Expr.UnaryOp.NEGATE, expr(context.expr()), span(context));
    }

    @Override
    public Expr visitMatmulExpr(MatmulExprContext context) {
        return binary(Expr.BinaryOp.MATMUL, context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitMulExpr(MulExprContext context) {
        return binary(Expr.BinaryOp.of(context.op.getText()), context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitAddExpr(AddExprContext context) {
        return binary(Expr.BinaryOp.of(context.op.getText()), context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitCompareExpr(CompareExprContext context) {
        return binary(Expr.BinaryOp.of(context.op.getText()), context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitNotExpr(NotExprContext context) {
        return new Expr.Unary(Expr.UnaryOp.NOT, expr(context.expr()), span(context));
    }

    @Override
    public Expr visitAndExpr(AndExprContext context) {
        return binary(Expr.BinaryOp.AND, context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitOrExpr(OrExprContext context) {
        return binary(Expr.BinaryOp.OR, context.expr(0), context.expr(1), context);
    }

    @Override
    public Expr visitIfExpr(IfExprContext context) {
        return new Expr.If(expr(context.expr(0)), expr(context.expr(1)), expr(context.expr(2)), span(context));
    }

    @Override
    public Expr visitSumLoopExpr(SumLoopExprContext context) {
        return new Expr.SumLoop(context.name().getText(), expr(context.expr(0)), expr(context.expr(1)),
                expr(context.expr(2)), span(context));
    }

    @Override
    public Expr visitCallExpr(CallExprContext context) {
        return new Expr.Call(context.name().getText(), args(context.args()), span(context));
    }

    @Override
    public Expr visitEpisodeCallExpr(EpisodeCallExprContext context) {
        return new Expr.Call(context.word.getText(), args(context.args()), span(context));
    }

    @Override
    public Expr visitVectorExpr(VectorExprContext context) {
        List<Expr> elements = new ArrayList<>();
        for (ExprContext element : context.expr()) elements.add(expr(element));
        return new Expr.Vector(elements, span(context));
    }

    @Override
    public Expr visitParenExpr(ParenExprContext context) {
        return expr(context.expr());
    }

    @Override
    public Expr visitNumberExpr(NumberExprContext context) {
        return new Expr.Number(number(context.number().getStart()), span(context));
    }

    @Override
    public Expr visitNameExpr(NameExprContext context) {
        return new Expr.Name(context.getText(), span(context));
    }

    // ---------- pieces ----------

    private Expr binary(Expr.BinaryOp op, ExprContext left, ExprContext right, ExprContext context) {
        return new Expr.Binary(op, expr(left), expr(right), span(context));
    }

    private List<Expr.Arg> args(ArgsContext context) {
        List<Expr.Arg> args = new ArrayList<>();
        if (context == null) return args;
        for (ArgContext arg : context.arg()) {
            String name = arg.name() == null ? null : arg.name().getText();
            args.add(new Expr.Arg(name, expr(arg.expr()), span(arg)));
        }
        return args;
    }

    private List<Integer> dims(DimsContext context) {
        List<Integer> dims = new ArrayList<>();
        if (context == null) return dims;
        for (TerminalNode size : context.INT()) dims.add(integer(size, "dimension"));
        return dims;
    }

    private int integer(TerminalNode node, String what) {
        Token token = node.getSymbol();
        String digits = token.getText();
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLarge) {
            throw source.error(token, what + " too large: " + TokenWords.quote(digits)
                    + " (the largest is " + Integer.MAX_VALUE + ")");
        }
    }

    private double signedNumber(SignedNumberContext context) {
        double magnitude = number(context.number().getStart());
        return context.getChildCount() == 2 ? -magnitude : magnitude;
    }

    /** A literal's value; one too large for a double (it would read as infinity) is an error at the literal. */
    private double number(Token token) {
        double value = Double.parseDouble(token.getText());
        if (Double.isInfinite(value)) {
            throw source.error(token, "number too large: " + TokenWords.quote(token.getText())
                    + " is beyond the largest finite number, about 1.8e308");
        }
        return value;
    }

    private Ident ident(NameContext context) {
        return new Ident(context.getText(), span(context));
    }

    private List<Ident> idents(List<NameContext> contexts) {
        List<Ident> idents = new ArrayList<>();
        for (NameContext context : contexts) idents.add(ident(context));
        return idents;
    }

    private Span span(ParserRuleContext context) {
        return source.span(context);
    }
}
