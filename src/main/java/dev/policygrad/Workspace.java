package dev.policygrad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policygrad.ad.GradCheck;
import dev.policygrad.ad.GradCheckReport;
import dev.policygrad.ad.Trace;
import dev.policygrad.policy.Evaluator;
import dev.policygrad.ast.Span;
import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.check.Checker;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Constants;
import dev.policygrad.check.ParameterLayout;
import dev.policygrad.diag.PolicygradException;
import dev.policygrad.diag.Sources;
import dev.policygrad.rollout.RolloutEngine;
import dev.policygrad.rollout.Rollouts;
import dev.policygrad.rollout.SourceTask;
import java.util.function.LongConsumer;
import dev.policygrad.diag.UsageError;
import dev.policygrad.env.ActionSpace;
import dev.policygrad.render.Text;
import dev.policygrad.env.Environment;
import dev.policygrad.env.FiniteMdp;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Shape;
import dev.policygrad.objective.ObjectiveResult;
import dev.policygrad.objective.Objectives;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.ParameterValues;
import dev.policygrad.policy.Policy;
import dev.policygrad.policy.Score;
import dev.policygrad.ad.NonFinite;
import dev.policygrad.policy.ScoreCheck;
import dev.policygrad.policy.SymbolicGradient;
import dev.policygrad.prove.ClaimVerdict;
import dev.policygrad.prove.Claims;
import dev.policygrad.prove.Derivation;
import dev.policygrad.prove.DerivationReport;
import dev.policygrad.train.Optimizer;
import dev.policygrad.train.Trainer;
import dev.policygrad.train.TrainingRun;
import dev.policygrad.train.TrainingSettings;
import dev.policygrad.train.TrainingSummary;
import dev.policygrad.estimate.Batch;
import dev.policygrad.estimate.EpisodeFile;
import dev.policygrad.estimate.EstimatorChoice;
import dev.policygrad.verify.EstimatorVerifier;
import dev.policygrad.verify.EstimatorReport;
import dev.policygrad.verify.VerificationSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded program: the checked declarations, the compiled policy, the task it acts in and the
 * parameters theta, set by name. Immutable: {@code with...} returns a new workspace, so a workspace
 * can be shared by threads and kept as a value.
 *
 * <p>Parameters start at their declared initial values (random ones drawn from {@link #seed()});
 * {@link #with(String, double)} and its overloads then set a block ({@code "W"}) or one flattened
 * element ({@code "W[1][3]"}), in the order given. Actions are given by name ({@code "right"}), by
 * integer for a range, or as a number for a real action; states as the flattened vector the policy
 * reads (row by row for a matrix).
 */
public final class Workspace {

    /** A parameter assignment, kept so that a new seed redraws the initial values under it. */
    private interface Assignment {
        void apply(ParameterLayout layout, double[] theta);
    }

    private final SyntaxTree syntax;
    private final CheckedProgram program;
    private final Sources sources;
    private final Policy policy;
    private final String taskName;
    private final long seed;
    private final List<Assignment> assignments;
    private final double[] theta;

    private Workspace(SyntaxTree syntax, CheckedProgram program, Sources sources, Policy policy, String taskName, long seed,
            List<Assignment> assignments) {
        this.syntax = syntax;
        this.program = program;
        this.sources = sources;
        this.policy = policy;
        this.taskName = taskName;
        this.seed = seed;
        this.assignments = List.copyOf(assignments);
        double[] values = program.parameters().initialValues(seed);
        for (Assignment a : this.assignments) a.apply(program.parameters(), values);
        this.theta = values;
    }

    static Workspace of(SyntaxTree syntax, Sources sources) {
        CheckedProgram program = Sources.attach(sources, () -> Checker.check(syntax));
        Policy policy = program.policy() == null ? null : Sources.attach(sources, () -> Policy.of(program));
        return new Workspace(syntax, program, sources, policy, null, 0, List.of());
    }

    // ---- what was loaded ----

    /** The program as parsed (for printing it back in canonical form). */
    public SyntaxTree syntax() {
        return syntax;
    }

    /** The checked program: every declaration, checked. */
    public CheckedProgram program() {
        return program;
    }

    /** What the check stage allowed but flagged (an unused {@code let}), with positions. */
    public List<String> warnings() {
        return program.warnings();
    }

    /** The compiled policy; a CheckError when the files declare none. */
    public Policy policy() {
        if (policy == null) program.requirePolicy();
        return policy;
    }

    /** The task the policy acts in: the one declared, or the one chosen with {@link #onTask}. */
    public Environment task() {
        return taskName == null ? program.environment() : program.environment(taskName);
    }

    /** The same workspace acting in the environment declared as {@code name}. */
    public Workspace onTask(String name) {
        program.environment(name);
        return new Workspace(syntax, program, sources, policy, name, seed, assignments);
    }

    /** {@code file:line:col: message}, the source line and a caret, for an error about this program. */
    public String describe(PolicygradException e) {
        return sources.render(e);
    }

    // ---- parameters ----

    /** The seed of random initial values and of sampled episodes. */
    public long seed() {
        return seed;
    }

    /** The same program with another seed: random initial values are redrawn, assignments kept. */
    public Workspace withSeed(long seed) {
        return new Workspace(syntax, program, sources, policy, taskName, seed, assignments);
    }

    /** Sets a parameter block to a value (a scalar broadcasts) or one flattened element, e.g. {@code "W[1][3]"}. */
    public Workspace with(String name, double value) {
        return with((layout, t) -> ParameterValues.set(layout, t, name, Node.Const.scalar(value)));
    }

    /** Sets a vector parameter block. */
    public Workspace with(String name, double[] values) {
        double[] copy = values.clone();
        return with((layout, t) -> ParameterValues.set(layout, t, name,
                new Node.Const(copy, Shape.vector(copy.length), Span.NONE)));
    }

    /** Sets a matrix parameter block from its rows. */
    public Workspace with(String name, double[][] rows) {
        if (rows.length == 0) throw new UsageError("parameter " + name + ": a matrix needs at least one row");
        int columns = rows[0].length;
        double[] flat = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) throw new UsageError("parameter " + name + ": rows must have equal lengths");
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return with((layout, t) -> ParameterValues.set(layout, t, name,
                new Node.Const(flat, Shape.matrix(rows.length, columns), Span.NONE)));
    }

    /**
     * Sets a parameter to a constant expression written in the language ({@code "[0.3, -0.2]"},
     * {@code "exp(1)"}); {@code origin} names it in error messages.
     */
    public Workspace with(String name, String expression, String origin) {
        Node.Const value = Constants.evaluate(Parser.parseExpression(origin, expression), "the value of " + origin);
        return with((layout, t) -> ParameterValues.set(layout, t, name, value));
    }

    /** Sets the parameters named in a JSON object, e.g. {@code {"theta": [0.3, -0.2], "k": 0.8}}. */
    public Workspace withParameters(Path json) {
        // read (bounded, strict) once, up front, so that a bad file fails here
        ParameterValues.read(program.parameters(), program.parameters().initialValues(seed), json);
        return with((layout, t) -> ParameterValues.read(layout, t, json));
    }

    /** The same program with the parameters of {@code theta} (in the flattened order of {@link #parameterNames()}). */
    public Workspace withTheta(double[] theta) {
        if (theta.length != this.theta.length) {
            throw new UsageError("expected " + this.theta.length + " parameter values, got " + theta.length);
        }
        double[] copy = theta.clone();
        return new Workspace(syntax, program, sources, policy, taskName, seed,
                List.of((layout, t) -> System.arraycopy(copy, 0, t, 0, copy.length)));
    }

    /** The new workspace applies every assignment in order, so a bad one fails here, at its call. */
    private Workspace with(Assignment assignment) {
        List<Assignment> all = new ArrayList<>(assignments);
        all.add(assignment);
        return new Workspace(syntax, program, sources, policy, taskName, seed, all);
    }

    /** theta, flattened (a copy). */
    public double[] theta() {
        return theta.clone();
    }

    /** The flattened parameter names, in theta's order: {@code theta[0]}, {@code W[1][3]}, {@code k}. */
    public List<String> parameterNames() {
        return program.parameters().names();
    }

    /** theta by flattened name. */
    public Map<String, Double> parameters() {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> names = parameterNames();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), theta[i]);
        return out;
    }

    // ---- the policy at a point ----

    /**
     * The values the engine uses for an action: for a vector action {@code a[K] : real} its K
     * components, written {@code "0.3, -0.2"} or {@code "[0.3, -0.2]"}; otherwise the one value of
     * {@link #action(String)}. Numbers may be written as constant expressions ({@code "1 / 3"}).
     */
    public double[] actionValues(String action) {
        ActionSpace actions = policy().actions();
        if (!actions.isVector()) return new double[] {action(action)};
        String trimmed = action.trim();
        Node.Const value = Constants.evaluate(Parser.parseExpression("action", trimmed.startsWith("[") ? trimmed
                : "[" + trimmed + "]"), "action");
        int k = actions.dimension();
        if (!value.shape().isVector() || value.shape().rows() != k) {
            throw new UsageError("the action " + actions.name() + "[" + k + "] takes " + k + " components, e.g. "
                    + zeros(k) + "; got '" + action + "' (shape "
                    + value.shape() + ")");
        }
        return value.values();
    }

    /** An example action of {@code k} components, {@code 0,0,...}, for messages. */
    private static String zeros(int k) {
        return String.join(",", Collections.nCopies(k, "0"));
    }

    /**
     * The value the engine uses for an action: its index for a named or integer action, the number (a
     * constant expression) for a real one.
     */
    public double action(String action) {
        ActionSpace actions = policy().actions();
        if (actions.isVector()) {
            throw new UsageError("the action " + actions.name() + " has " + actions.dimension()
                    + " components; give them all, e.g. " + zeros(actions.dimension()));
        }
        if (actions.real()) {
            Node.Const value = Constants.evaluate(Parser.parseExpression("action", action), "action");
            if (!value.shape().isScalar()) throw new UsageError("the action is real; give a number, got '" + action + "'");
            return value.value();
        }
        int index = actions.indexOf(action.trim());
        if (index < 0) throw new UsageError("unknown action '" + action + "'; the actions are " + actions.describe());
        return index;
    }

    /** log pi(a) for a policy that reads no state. */
    public double logPi(String action) {
        return logPi(new double[0], action);
    }

    /** log pi(a | s). */
    public double logPi(double[] state, String action) {
        return logPi(state, actionValues(action));
    }

    /** log pi(a | s) with the action's components ({@link #actionValues(String)}): K for {@code a[K] : real}. */
    public double logPi(double[] state, double[] action) {
        checkAction(action);
        return Sources.attach(sources, () -> {
            Evaluator evaluator = policy().newEvaluator();
            double logPi = evaluator.logPi(theta, checkState(state), action, 0);
            NonFinite.requireFiniteValue(evaluator.tape(), logPi);
            return logPi;
        });
    }

    /** log pi(a | s) with the action as the engine's value ({@link #action(String)}). */
    public double logPi(double[] state, double action) {
        checkAction(new double[] {action});
        return Sources.attach(sources, () -> {
            Evaluator evaluator = policy().newEvaluator();
            double logPi = evaluator.logPi(theta, checkState(state), action);
            NonFinite.requireFiniteValue(evaluator.tape(), logPi);
            return logPi;
        });
    }

    /**
     * pi(a | s) as a double, {@code Math.exp(logPi(state, action))}: Infinity for a density beyond
     * 1.8e308 and 0 for a probability below 4.9e-324, where {@link #logPi(double[], String)} is exact
     * (the commands print such a pi from log pi, {@code Text.exp}).
     */
    public double pi(double[] state, String action) {
        return Math.exp(logPi(state, action));
    }

    /** log pi(a) and the score d log pi(a) / d theta by reverse mode, for a policy that reads no state. */
    public Score score(String action) {
        return score(new double[0], action);
    }

    /** log pi(a | s) and the score d log pi(a | s) / d theta by reverse mode. */
    public Score score(double[] state, String action) {
        return score(state, actionValues(action));
    }

    /** As {@link #score(double[], String)}, with the action's components (K for {@code a[K] : real}). */
    public Score score(double[] state, double[] action) {
        checkAction(action);
        double[] gradient = new double[theta.length];
        double logPi = Sources.attach(sources, () -> {
            Evaluator evaluator = policy().newEvaluator();
            double value = evaluator.score(theta, checkState(state), action, 0, gradient);
            NonFinite.requireFiniteValue(evaluator.tape(), value);
            NonFinite.requireFiniteGradient(evaluator.tape(), gradient, parameterNames());
            return value;
        });
        return new Score(logPi, gradient, parameterNames());
    }

    /** As {@link #score(double[], String)}, with the action as the engine's value. */
    public Score score(double[] state, double action) {
        checkAction(new double[] {action});
        double[] gradient = new double[theta.length];
        double logPi = Sources.attach(sources, () -> {
            Evaluator evaluator = policy().newEvaluator();
            double value = evaluator.score(theta, checkState(state), action, gradient);
            NonFinite.requireFiniteValue(evaluator.tape(), value);
            NonFinite.requireFiniteGradient(evaluator.tape(), gradient, parameterNames());
            return value;
        });
        return new Score(logPi, gradient, parameterNames());
    }

    /** d log pi / d theta derived symbolically, one simplified expression per parameter block. */
    public SymbolicGradient derivative() {
        return Sources.attach(sources, () -> SymbolicGradient.of(policy()));
    }

    /**
     * The four-way check of the score (reverse mode, the evaluated symbolic derivative, forward mode,
     * finite differences) at {@code points} points drawn from {@link #seed()} around theta.
     */
    public GradCheckReport check(int points) {
        return check(points, null);
    }

    /** As {@link #check(int)}, telling {@code progress} the points done so far (or null). */
    public GradCheckReport check(int points, LongConsumer progress) {
        return Sources.attach(sources, () -> ScoreCheck.run(policy(), theta, points, seed, progress));
    }

    /** The reverse-mode tape after one forward and one backward sweep at (theta, s, a), row by row. */
    public Trace trace(double[] state, double action) {
        return trace(state, new double[] {action});
    }

    /** As {@link #trace(double[], double)}, with the action's components (K for {@code a[K] : real}). */
    public Trace trace(double[] state, double[] action) {
        checkAction(action);
        Evaluator evaluator = policy().newEvaluator();
        Sources.attach(sources, () -> evaluator.score(theta, checkState(state), action, 0, new double[theta.length]));
        return Trace.of(evaluator.tape());
    }

    private void checkAction(double[] action) {
        ActionSpace actions = policy().actions();
        int k = actions.size();
        if (action.length != k) {
            throw new UsageError("the action " + actions.name() + " has " + k + " component"
                    + (k == 1 ? "" : "s") + ", got " + action.length);
        }
        requireFinite("the action", action);
        double index = action[0];
        if (actions.isDiscrete() && !(index >= 0 && index < actions.count() && index == Math.rint(index))) {
            throw new UsageError("a discrete action is given by its index, 0.." + (actions.count() - 1) + " for "
                    + actions.describe() + " in order (action(\"" + actions.label(0) + "\") is 0); got "
                    + Text.number(index, Text.ALL_DIGITS));
        }
    }

    /** A usage error naming {@code what} unless every value is finite (before the policy fails on it somewhere inside). */
    private static void requireFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new UsageError(what + " is not a finite number ("
                        + (values.length == 1 ? String.valueOf(values[i]) : "element " + i + " is " + values[i]) + ")");
            }
        }
    }

    private double[] checkState(double[] state) {
        int size = policy().stateSize();
        if (state.length != size) {
            throw new UsageError(size == 0 ? "the policy reads no state, but a state of " + state.length + " values was given"
                    : "the policy reads a state of " + size + " values, got " + state.length);
        }
        requireFinite("the state", state);
        return state;
    }

    // ---- the objective, estimators, proofs ----

    /** J(theta) and its gradient: exact where possible, else Monte Carlo over 1000 episodes from {@link #seed()}. */
    public ObjectiveResult objective() {
        return objective(1000);
    }

    /** J(theta) and its gradient, with {@code episodes} episodes for a Monte Carlo estimate where J is not exact. */
    public ObjectiveResult objective(int episodes) {
        return objective(episodes, (LongConsumer) null);
    }

    /**
     * As {@link #objective(int)}, telling {@code progress} the Monte Carlo episodes played so far (or null):
     * {@code episodes} (1 + 2P) of them, which may pass 2^31.
     */
    public ObjectiveResult objective(int episodes, LongConsumer progress) {
        if (episodes < 2) throw new UsageError("a Monte Carlo estimate needs at least 2 episodes, got " + episodes);
        return Sources.attach(sources, () -> Objectives.evaluate(task(), policy(), theta, episodes, seed, progress));
    }

    /** The default verification: reward-to-go (step (11)), 10,000 episodes from {@link #seed()}. */
    public EstimatorReport verify() {
        return verify(VerificationSettings.defaults().withSeed(seed));
    }

    /**
     * Verifies a built-in estimator against the gradient of J, as {@code policygrad verify} does: exactly,
     * or sampled with the unpaired test and the paired one (minus a proven estimator on the same episodes),
     * each at alpha / 2, with their power and, when inconsistent, a diagnosis.
     */
    public EstimatorReport verify(VerificationSettings settings) {
        return verify(settings, null);
    }

    /**
     * Verifies the estimator named {@code estimator}, built-in or declared in the files ({@code estimator NAME =
     * ...}; {@code gae} with lambda 1 and the linear critic), as {@code policygrad verify --estimator NAME}
     * does, with the episodes, seed, threads, level and reference of {@code settings} (its estimator and
     * baseline are not used: a built-in with a batch baseline goes through {@link #verify(VerificationSettings)}).
     */
    public EstimatorReport verify(String estimator, VerificationSettings settings) {
        return verify(EstimatorChoice.of(estimator), settings, new Rollouts(settings.threads()), null);
    }

    /**
     * Verification of any estimator of this policy on this task: built-in or declared as a formula, GAE,
     * a {@link dev.policygrad.estimate.GradientEstimator} written in Java, or estimates made elsewhere;
     * with the paired test, the power of every sampled test and a diagnosis of inconsistent ones.
     */
    public EstimatorVerifier estimators() {
        return new EstimatorVerifier(program, policy(), task(), theta);
    }

    /** Episodes of this policy on this task as JSON lines: written for other code, read back checked. */
    public EpisodeFile episodeFile() {
        return new EpisodeFile(policy(), task(), theta);
    }

    /** {@code episodes} episodes from this workspace's seed, episode i from (seed, i): those verify plays. */
    public List<dev.policygrad.estimate.EpisodeRecord> sample(int episodes, int threads) {
        if (episodes < 1) throw new UsageError("sampling needs at least 1 episode, got " + episodes);
        if (threads < 1) throw new UsageError("threads must be at least 1, got " + threads);
        return Sources.attach(sources, () -> dev.policygrad.estimate.EpisodeSampler.sample(policy(), task(), theta,
                episodes, seed, threads));
    }

    /** Every trajectory of the task (a finite MDP with a horizon) with its probability. */
    public List<dev.policygrad.estimate.EpisodeSampler.Weighted> trajectories() {
        if (!(task() instanceof FiniteMdp mdp)) {
            throw new UsageError("listing every trajectory needs an 'mdp' block with a horizon; " + task().name()
                    + " is not a finite MDP");
        }
        return dev.policygrad.estimate.EpisodeSampler.enumerate(mdp, policy(), theta);
    }

    /**
     * The task (a finite MDP) as explicit tables and the policy's parameters, JSON-ready:
     * {@code {"mdp": {...}, "policy": {"name", "parameters" (by block), "parameter_names", "theta"}}}.
     */
    public Map<String, Object> export() {
        if (!(task() instanceof FiniteMdp mdp)) {
            throw new UsageError("an export writes a finite MDP's tables; " + task().name() + " is not a finite MDP");
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("mdp", dev.policygrad.env.MdpExport.tables(mdp));
        Map<String, Object> policyPart = new LinkedHashMap<>();
        policyPart.put("name", policy().name());
        policyPart.put("parameters", dev.policygrad.train.ParameterBlocks.of(policy().parameters(), theta));
        policyPart.put("parameter_names", policy().parameterNames());
        policyPart.put("theta", theta.clone());
        document.put("policy", policyPart);
        return document;
    }

    /**
     * As {@link #verify(VerificationSettings)}, telling {@code progress} the episodes played so far (or null):
     * a pass or more over the batch, a long, as every progress callback of the workspace takes.
     */
    public EstimatorReport verify(VerificationSettings settings, LongConsumer progress) {
        return verify(settings, new Rollouts(settings.threads()), progress);
    }

    /**
     * As {@link #verify(VerificationSettings)}, with the episodes played on {@code engine} (local
     * threads or Spark, {@link dev.policygrad.rollout.Engines}); the result does not depend on it.
     */
    public EstimatorReport verify(VerificationSettings settings, RolloutEngine engine, LongConsumer progress) {
        return verify(EstimatorChoice.of(settings.estimator()), settings, engine, progress);
    }

    private EstimatorReport verify(EstimatorChoice choice, VerificationSettings settings, RolloutEngine engine,
            LongConsumer progress) {
        Batch batch = new Batch(settings.episodes(), settings.seed(), settings.threads());
        EstimatorVerifier verifier = estimators().onEngine(engine, rolloutTask(), settings.referenceError());
        return Sources.attach(sources, () -> settings.exact() ? verifier.exact(choice, batch)
                : verifier.sampled(choice, null, batch, settings.alpha(), progress));
    }

    /**
     * {@code episodes} episodes from this workspace's seed (episode i from (seed, i), those verify
     * plays) as the JSON lines of an episode file, played on {@code engine}; the lines do not depend on it.
     */
    public List<String> sampleLines(int episodes, RolloutEngine engine) {
        if (episodes < 1) throw new UsageError("sampling needs at least 1 episode, got " + episodes);
        return Sources.attach(sources, () -> dev.policygrad.estimate.EpisodeSampler.lines(policy(), task(),
                rolloutTask(), theta, seed, episodes, engine));
    }

    /**
     * The lines of {@link #sampleLines(int, RolloutEngine)}, handed to {@code sink} a chunk at a time in
     * episode order as {@code engine} plays them: memory does not grow with {@code episodes}.
     */
    public void sampleLines(int episodes, RolloutEngine engine, RolloutEngine.ChunkSink<List<String>> sink)
            throws java.io.IOException {
        if (episodes < 1) throw new UsageError("sampling needs at least 1 episode, got " + episodes);
        try {
            Sources.attach(sources, () -> {
                try {
                    dev.policygrad.estimate.EpisodeSampler.stream(policy(), task(), rolloutTask(), theta, seed,
                            episodes, engine, sink);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** As {@link #objective(int)}, with a Monte Carlo estimate played on {@code engine}. */
    public ObjectiveResult objective(int episodes, RolloutEngine engine) {
        if (episodes < 2) throw new UsageError("a Monte Carlo estimate needs at least 2 episodes, got " + episodes);
        return Sources.attach(sources, () -> Objectives.evaluate(rolloutTask(), engine, theta, episodes, seed));
    }

    /**
     * This policy and task as a value that can be shipped to other machines: the program's text and
     * the task's name, rebuilt where it runs ({@link SourceTask}).
     */
    public SourceTask rolloutTask() {
        task();  // fails here, with this workspace's message, when there is no task
        List<SourceTask.SourceFile> files = new ArrayList<>();
        for (Map.Entry<String, String> file : sources.texts().entrySet()) {
            files.add(new SourceTask.SourceFile(file.getKey(), file.getValue()));
        }
        return new SourceTask(files, taskName);
    }

    /** A trainer of this policy on this task (its runs start from theta with {@link Trainer#start}). */
    public Trainer trainer(TrainingSettings settings) {
        return new Trainer(policy(), task(), settings);
    }

    /**
     * Trains for {@code iterations} iterations from theta: each estimates grad J (or takes it exactly)
     * and steps with {@code optimizer}. The workspace itself is unchanged; {@code withTheta(summary.theta())}
     * takes the result. The summary prints what {@code policygrad train} prints; the metric rows of every
     * iteration are in the run of {@link #trainer}'s {@link Trainer#start} and {@link Trainer#train}.
     */
    public TrainingSummary train(TrainingSettings settings, Optimizer optimizer, int iterations) {
        Trainer trainer = trainer(settings);
        return Sources.attach(sources, () -> {
            double startJ = trainer.exactObjective(theta);
            TrainingRun run = trainer.start(theta, optimizer);
            trainer.train(run, iterations, (row, current) -> { });
            return TrainingSummary.of(trainer, task().name(), run, parameterNames(), startJ);
        });
    }

    /**
     * The program's {@code claim} declarations, each proved (one normal form), refuted (a counterexample)
     * or found to hold at {@code points} random points drawn from {@link #seed()}.
     */
    public List<ClaimVerdict> claims(int points) {
        return Sources.attach(sources, () -> Claims.of(program, points, seed).check());
    }

    /** Steps (1)-(11) of the derivation, each checked exactly by enumerating every trajectory. */
    public DerivationReport prove() {
        return prove(Derivation.Progress.NONE);
    }

    /** As {@link #prove()}, telling {@code progress} how the enumeration of trajectories goes. */
    public DerivationReport prove(Derivation.Progress progress) {
        Environment task = task();
        if (!(task instanceof FiniteMdp mdp)) {
            throw new UsageError("the derivation is checked by enumerating every trajectory with its probability, so it "
                    + "needs a finite MDP with a horizon (an 'mdp' block with a 'horizon N' line); the environment '"
                    + task.name() + "' is not one");
        }
        return Sources.attach(sources, () -> Derivation.of(mdp, policy(), theta, progress).prove());
    }

    /**
     * {@code workspace: policy pi over {right, left}, 2 parameters: theta[2]; task short_corridor; theta =
     * [0.0, 0.0]}, for printing in a shell (without a policy, what the files declare).
     */
    @Override
    public String toString() {
        if (policy == null) return "workspace: " + program;
        List<String> declared = program.declaredEnvironments().stream().map(CheckedProgram.DeclaredEnvironment::name)
                .toList();
        String task = taskName != null ? taskName : declared.size() == 1 ? declared.get(0)
                : declared.isEmpty() ? "none" : "not chosen among " + String.join(", ", declared);
        return "workspace: " + policy + "; task " + task + "; theta = " + java.util.Arrays.toString(theta);
    }
}
