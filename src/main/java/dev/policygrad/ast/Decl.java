package dev.policygrad.ast;

import java.util.List;

/**
 * A top-level declaration of a {@code .pg} file. Immutable; every node carries its {@link Span}.
 */
public sealed interface Decl {

    Span span();

    /** The declared name ({@code theta}, {@code pi}, {@code short_corridor}). */
    Ident name();

    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R visitState(StateDecl d);
        R visitAction(ActionDecl d);
        R visitParam(ParamDecl d);
        R visitLet(LetDecl d);
        R visitDef(DefDecl d);
        R visitPolicy(PolicyDecl d);
        R visitMdp(MdpDecl d);
        R visitBuiltinEnv(BuiltinEnvDecl d);
        R visitFormulaEnv(FormulaEnvDecl d);
        R visitClaim(ClaimDecl d);
        R visitEstimator(EstimatorDecl d);
        R visitValue(ValueDecl d);
    }

    /** {@code state s[4]}: what the policy observes; no dims means a scalar. */
    record StateDecl(Ident name, List<Integer> dims, Span span) implements Decl {
        public StateDecl { dims = List.copyOf(dims); }
        public <R> R accept(Visitor<R> v) { return v.visitState(this); }
    }

    /**
     * {@code action a in {left, right}}, {@code action a in 0..2}, {@code action a : real} or
     * {@code action a[2] : real}.
     */
    record ActionDecl(Ident name, ActionSet set, Span span) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitAction(this); }
    }

    /** The values an action may take. */
    sealed interface ActionSet {
        /** Named actions, numbered 0, 1, ... in the order written. */
        record Named(List<Ident> names) implements ActionSet {
            public Named { names = List.copyOf(names); }
        }

        /** The integers {@code from..to}, both included. */
        record Range(int from, int to) implements ActionSet {}

        /**
         * A real-valued action: a scalar ({@code action a : real}, no dims) or a vector of fixed length
         * ({@code action a[2] : real}, one dim).
         */
        record Real(List<Integer> dims) implements ActionSet {
            public Real { dims = List.copyOf(dims); }

            /** A scalar real action. */
            public Real() {
                this(List.of());
            }
        }

        /** Integer actions written as a set, {@code {0, 1}} or {@code {-1, 0, 1}}, in the order written. */
        record Integers(List<Integer> values, List<Span> spans) implements ActionSet {
            public Integers { values = List.copyOf(values); spans = List.copyOf(spans); }
        }
    }

    /**
     * {@code param W[2][4] = 0}, {@code param theta[3] = [0.5, 0, -0.5]} or
     * {@code param W[16][4] ~ normal(0, 0.5)}; {@code init} is null when no initial value is given
     * (the parameter then starts at 0).
     */
    record ParamDecl(Ident name, List<Integer> dims, ParamInit init, Span span) implements Decl {
        public ParamDecl { dims = List.copyOf(dims); }
        public <R> R accept(Visitor<R> v) { return v.visitParam(this); }
    }

    /** How a parameter starts. */
    sealed interface ParamInit {
        /** {@code = expr}: a constant, broadcast when scalar. */
        record Value(Expr value) implements ParamInit {}

        /** {@code ~ normal(0, 0.5)}: drawn from the run's seed. */
        record Draw(Ident distribution, List<Expr.Arg> args) implements ParamInit {
            public Draw { args = List.copyOf(args); }
        }
    }

    /** {@code let h = tanh(W1 @ s + b1)}: a named intermediate, shared wherever it is used. */
    record LetDecl(Ident name, Expr value, Span span) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitLet(this); }
    }

    /** {@code def pref(i) = theta[i] ^ 2 - theta[i]}: a function, expanded where called. */
    record DefDecl(Ident name, List<Ident> params, Expr body, Span span) implements Decl {
        public DefDecl { params = List.copyOf(params); }
        public <R> R accept(Visitor<R> v) { return v.visitDef(this); }
    }

    /**
     * {@code policy pi(a | s) = body}. With {@code logForm} the body is log pi(a|s); otherwise it is
     * a distribution ({@code categorical(...)}, {@code normal(...)}, {@code bernoulli(...)}) or the
     * probability pi(a|s) itself.
     */
    record PolicyDecl(Ident name, boolean logForm, Ident action, Ident state, Expr body, Span span)
            implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitPolicy(this); }
    }

    /** {@code mdp name { ... }}: a finite Markov decision process, one item per line. */
    record MdpDecl(Ident name, List<MdpItem> items, Span span) implements Decl {
        public MdpDecl { items = List.copyOf(items); }
        public <R> R accept(Visitor<R> v) { return v.visitMdp(this); }
    }

    /** A line of an {@code mdp} block. */
    sealed interface MdpItem {
        Span span();

        /** {@code gamma 0.9} or {@code horizon 6}. */
        record Setting(String key, double value, Span span) implements MdpItem {}

        /** {@code start S1} or {@code start {A: 0.7, B: 0.3}}. */
        record Start(StateDistribution distribution, Span span) implements MdpItem {}

        /** {@code terminal G}. */
        record Terminal(List<Ident> states, Span span) implements MdpItem {
            public Terminal { states = List.copyOf(states); }
        }

        /** {@code observe A = [1, 0, 0.5]}: the vector the policy sees in state A. */
        record Observe(Ident state, List<Double> vector, Span span) implements MdpItem {
            public Observe { vector = List.copyOf(vector); }
        }

        /**
         * {@code S1 right -> S2 reward -1}, or with rewards per outcome
         * {@code A go -> {B: 0.8 reward 10, A: 0.2 reward -1}}. {@code reward} is the trailing
         * reward, null when every outcome has its own.
         */
        record Transition(Ident from, Ident action, StateDistribution to, Reward reward, Span span)
                implements MdpItem {
            /** A transition with one fixed reward. */
            public Transition(Ident from, Ident action, StateDistribution to, double reward, Span span) {
                this(from, action, to, new Reward.Fixed(reward, Span.NONE), span);
            }
        }
    }

    /** The reward of an mdp transition: a number, or a draw from a distribution. */
    sealed interface Reward {
        Span span();

        /** {@code reward -1}. */
        record Fixed(double value, Span span) implements Reward {}

        /** {@code reward normal(1, 0.5)} or {@code reward uniform(0, 2)}. */
        record Drawn(Ident distribution, double first, double second, Span span) implements Reward {}

        /** {@code reward {1: 0.3, 0: 0.7}}: value 1 with probability 0.3, 0 with 0.7. */
        record Discrete(List<Double> values, List<Double> probabilities, Span span) implements Reward {
            public Discrete {
                values = List.copyOf(values);
                probabilities = List.copyOf(probabilities);
            }
        }
    }

    /** {@code S2} (certain) or {@code {C: 0.6, A: 0.4}}. */
    record StateDistribution(List<WeightedState> outcomes, boolean certain) {
        public StateDistribution { outcomes = List.copyOf(outcomes); }
    }

    /** An outcome and its probability; {@code reward} is the outcome's own reward, or null. */
    record WeightedState(Ident state, double probability, Reward reward) {
        public WeightedState(Ident state, double probability) {
            this(state, probability, null);
        }
    }

    /** {@code env cartpole} or {@code env lqr(a = 1.2, b = 0.7)}: a built-in environment. */
    record BuiltinEnvDecl(Ident name, List<Setting> settings, Span span) implements Decl {
        public BuiltinEnvDecl { settings = List.copyOf(settings); }
        public <R> R accept(Visitor<R> v) { return v.visitBuiltinEnv(this); }
    }

    /** {@code name = number}, an argument of a built-in environment. */
    record Setting(Ident key, double value, Span span) {}

    /**
     * {@code env name { gamma 0.99  horizon 200  start = ...  next = ...  reward = ...  done = ... }}:
     * an environment written as formulas of the state {@code s}, the action {@code a}, and noise drawn
     * with {@code normal(mean, std)} or {@code uniform(lo, hi)}.
     */
    record FormulaEnvDecl(Ident name, List<EnvItem> items, Span span) implements Decl {
        public FormulaEnvDecl { items = List.copyOf(items); }
        public <R> R accept(Visitor<R> v) { return v.visitFormulaEnv(this); }
    }

    /** A line of an {@code env} block. */
    sealed interface EnvItem {
        Span span();

        /** {@code gamma 0.99} or {@code horizon 200}. */
        record Setting(String key, double value, Span span) implements EnvItem {}

        /** {@code start = expr}, {@code next = expr}, {@code reward = expr} or {@code done = expr}. */
        record Formula(String key, Expr value, Span span) implements EnvItem {}
    }

    /**
     * {@code claim name: lhs = rhs}: an identity between two formulas of the parameters, the state and
     * the action, which {@code policygrad prove} proves, refutes with a counterexample, or checks
     * numerically.
     */
    record ClaimDecl(Ident name, Expr lhs, Expr rhs, Span span) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitClaim(this); }
    }

    /**
     * {@code estimator name = expr}: a gradient estimator written over one episode, with {@code T},
     * {@code score(t)}, {@code reward(t)}, {@code return(t)} and the rest of the episode vocabulary.
     */
    record EstimatorDecl(Ident name, Expr body, Span span) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitEstimator(this); }
    }

    /** {@code value name = expr}: a critic V(s_t), written over {@code state(t)} and {@code t}. */
    record ValueDecl(Ident name, Expr body, Span span) implements Decl {
        public <R> R accept(Visitor<R> v) { return v.visitValue(this); }
    }
}
