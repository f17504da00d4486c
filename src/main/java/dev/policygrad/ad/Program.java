package dev.policygrad.ad;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.EvalError;
import dev.policygrad.ir.DomainError;
import dev.policygrad.ir.Graph;
import dev.policygrad.ir.Instr;
import dev.policygrad.ir.Node;
import dev.policygrad.ir.Op;
import dev.policygrad.ir.Printed;
import dev.policygrad.ir.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled, static tape (a Wengert list): the IR DAG of one or more outputs, topologically ordered
 * once, with every node given a range of registers in one value array and every operation encoded
 * as an instruction in a flat {@code int[] code} laid out as {@link Instr} describes.
 *
 * <p>Registers: the parameters occupy {@code [0, parameterCount)} in the layout of theta, so a
 * {@link Node.Param} lives at its offset and loading theta is one {@code System.arraycopy}; then
 * come the state block, the action registers (one per component of the action: one for a scalar,
 * K for {@code a[K]}), the noise registers, the constants (written once into
 * a template copied by each {@link Tape}), and one range per applied operation (its result, then the
 * workspace its forward fills for its adjoint, {@link Op#workspace}). The ranges of
 * operations that depend on a parameter come last, so the adjoints a reverse sweep uses are
 * {@code [0, parameterCount)} and {@code [firstDependent, registerCount)}.
 *
 * <p>An argument is flagged as needing an adjoint exactly when it (transitively) depends on a
 * parameter, so {@code W @ s} never computes the adjoint of the state {@code s}. The reverse sweep
 * visits only the instructions that depend on a parameter and lie on a path to output 0, so no
 * topological sort happens at run time (as in Stan Math's tape: seed 1, walk backwards).
 *
 * <p>A Program is immutable and may be shared by threads; each thread evaluates it on its own
 * {@link Tape} from {@link #newTape()}, which runs on the interpreter or as compiled bytecode
 * ({@link Backend}); the bytecode is generated once per program and cached here.
 */
public final class Program {

    private final int parameterCount;
    private final int stateStart;
    private final int stateSize;
    private final int actionRegister;
    private final int actionSize;
    private final int noiseStart;
    private final int noiseCount;
    private final int firstDependent;
    private final int registerCount;
    private final double[] template;

    final int[] code;
    final int[] pcs;
    /** The first instruction that reads the action; the ones before it do not. */
    final int actionStart;
    /**
     * The end of the instructions outputs 1.. need, which come first, or -1 when one of those outputs
     * reads the action.
     */
    final int sideEnd;
    /**
     * The end of the instructions a sweep for output 0's gradient alone runs in full: the instruction
     * count, or one less when the last instruction is output 0 itself, reads the action, and may run
     * {@link Op#forwardForGradient} in its place ({@link Op#skipsResultForGradient}): the log-likelihood
     * at the root of a policy, whose value a rollout never reads ({@link Tape#gradientForAction}).
     */
    final int gradientEnd;
    final Op[] ops;
    final Span[] spans;
    /** Instructions, in reverse order, that the sweep for output 0 must visit. */
    final int[] backwardPcs;
    final int[] backwardInstructions;

    private final Node[] instructionNodes;
    private final List<Node> outputs;
    private final int[] outputRegisters;
    private final Map<Node, Integer> registers;
    private final boolean outputNeedsAdjoint;
    private volatile Compilation compilation;
    private volatile boolean reportedInterpreter;

    private Program(Builder b) {
        parameterCount = b.parameterCount;
        stateStart = b.stateStart;
        stateSize = b.stateSize;
        actionRegister = b.actionRegister;
        actionSize = b.actionSize;
        noiseStart = b.noiseStart;
        noiseCount = b.noiseCount;
        firstDependent = b.firstDependent;
        registerCount = b.registerCount;
        template = b.template;
        code = b.code;
        pcs = b.pcs;
        actionStart = b.actionStart;
        sideEnd = b.sideEnd;
        gradientEnd = b.gradientEnd;
        ops = b.ops;
        spans = b.spans;
        backwardPcs = b.backwardPcs;
        backwardInstructions = b.backwardInstructions;
        instructionNodes = b.instructionNodes;
        outputs = List.copyOf(b.outputs);
        outputRegisters = b.outputRegisters;
        registers = b.registers;
        outputNeedsAdjoint = b.outputNeedsAdjoint;
    }

    /** Compiles one output. */
    public static Program compile(Node output, int parameterCount) {
        return compile(List.of(output), parameterCount);
    }

    /**
     * Compiles the DAG reachable from {@code outputs}. Parameters must lie inside
     * {@code [0, parameterCount)}; the action, if used, is a scalar or a vector (one input node).
     */
    public static Program compile(List<Node> outputs, int parameterCount) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("a program needs at least one output");
        return new Program(new Builder(outputs, parameterCount));
    }

    /**
     * A fresh workspace for evaluating this program on one thread, on the {@link Backend#preferred()
     * preferred backend}.
     */
    public Tape newTape() {
        return newTape(Backend.preferred());
    }

    /**
     * A fresh workspace on the given backend. The compiled backend generates this program's class on
     * the first call and reuses it for every later tape; a program it cannot compile runs on the
     * interpreter ({@link #compilation()} says which and why).
     */
    public Tape newTape(Backend backend) {
        if (backend == Backend.COMPILED) {
            Compilation c = compilation();
            if (c.compiled()) return new CompiledTape(this, c);
        } else if (!reportedInterpreter) {
            reportedInterpreter = true;
            Backend.report("tape of " + instructionCount() + " instructions: interpreter");
        }
        return new InterpretedTape(this);
    }

    /** This program compiled to bytecode, or why it runs on the interpreter; compiled on first use. */
    public Compilation compilation() {
        Compilation c = compilation;
        if (c == null) {
            synchronized (this) {
                c = compilation;
                if (c == null) {
                    compilation = c = BytecodeCompiler.compile(this);
                    Backend.report("tape of " + instructionCount() + " instructions: " + c.describe());
                }
            }
        }
        return c;
    }

    /**
     * Runs instructions {@code [from, to)} on the value array {@code v}, each primitive's kernel in
     * turn: the interpreter, and the reference the compiled backend consults to report an error.
     *
     * @throws EvalError at the first operation whose argument leaves its domain
     */
    void interpret(double[] v, int from, int to) {
        int i = from;
        try {
            for (; i < to; i++) ops[i].forward(v, code, pcs[i]);
        } catch (DomainError e) {
            throw evalError(ops[i], arity(i), span(i), e);
        }
    }

    /**
     * Runs what a gradient alone needs of the action's instructions: {@code [actionStart, gradientEnd)},
     * then, when the root is skipped, its {@link Op#forwardForGradient}.
     *
     * @throws EvalError at the first operation whose argument leaves its domain, as {@link #interpret}
     */
    void interpretForGradient(double[] v) {
        interpret(v, actionStart, gradientEnd);
        int root = gradientEnd;
        if (root == ops.length) return;
        try {
            ops[root].forwardForGradient(v, code, pcs[root]);
        } catch (DomainError e) {
            throw evalError(ops[root], arity(root), span(root), e);
        }
    }

    // ---- shape of the program ----

    public int parameterCount() {
        return parameterCount;
    }

    /** Number of state values read (the size of the state input's shape; 0 when none is used). */
    public int stateSize() {
        return stateSize;
    }

    /** Number of noise draws read: one past the largest noise index used. */
    public int noiseCount() {
        return noiseCount;
    }

    /** Whether the program reads the action. */
    public boolean usesAction() {
        return actionRegister >= 0;
    }

    /** The number of action components read: 1 for a scalar action, K for {@code a[K]}, 0 when unused. */
    public int actionSize() {
        return actionSize;
    }

    public int registerCount() {
        return registerCount;
    }

    public int instructionCount() {
        return ops.length;
    }

    public int outputCount() {
        return outputs.size();
    }

    public Shape outputShape(int k) {
        return outputs.get(k).shape();
    }

    public List<Node> outputs() {
        return outputs;
    }

    /** The first register of output {@code k}. */
    public int outputRegister(int k) {
        return outputRegisters[k];
    }

    // ---- instructions, for teaching and tracing ----

    public Op op(int instruction) {
        return ops[instruction];
    }

    public Span span(int instruction) {
        return spans[instruction];
    }

    /** The IR node an instruction computes. */
    public Node node(int instruction) {
        return instructionNodes[instruction];
    }

    public int outputRegisterOf(int instruction) {
        return Instr.out(code, pcs[instruction]);
    }

    public int arity(int instruction) {
        return Instr.arity(code, pcs[instruction]);
    }

    public int argRegister(int instruction, int k) {
        return Instr.arg(code, pcs[instruction], k);
    }

    public boolean argNeedsAdjoint(int instruction, int k) {
        return Instr.needs(code, pcs[instruction], k);
    }

    /** The first register of {@code node}, or -1 if it is not part of this program. */
    public int register(Node node) {
        Integer r = registers.get(node);
        return r == null ? -1 : r;
    }

    /** The instruction indices the reverse sweep visits, in the order it visits them. */
    public int[] backwardSchedule() {
        return backwardInstructions.clone();
    }

    /** A copy of the value array's initial contents (the constants; zeros elsewhere). */
    double[] template() {
        return template.clone();
    }

    int stateStart() {
        return stateStart;
    }

    int actionRegister() {
        return actionRegister;
    }

    int noiseStart() {
        return noiseStart;
    }

    int firstDependent() {
        return firstDependent;
    }

    boolean outputNeedsAdjoint() {
        return outputNeedsAdjoint;
    }

    /**
     * The evaluation error for a kernel's domain error at an operation, with the operation named:
     * "log of a negative number (-0.5) in log(...)". Shared by every evaluator so that the tape and
     * forward mode fail with the same message at the same span.
     */
    static EvalError evalError(Op op, int arity, Span span, DomainError error) {
        List<Printed> dots = Collections.nCopies(arity, new Printed("...", Op.ATOM));
        String operation = op.infix(dots);
        return new EvalError(span, error.getMessage() + " in " + operation, operation);
    }

    /** Lays out registers and encodes instructions; used once by {@link #compile}. */
    private static final class Builder {
        final int parameterCount;
        int stateStart, stateSize, actionRegister = -1, actionSize, noiseStart, noiseCount, firstDependent, registerCount;
        int actionStart, sideEnd, gradientEnd;
        double[] template;
        int[] code, pcs, backwardPcs, backwardInstructions, outputRegisters;
        Op[] ops;
        Span[] spans;
        Node[] instructionNodes;
        final List<Node> outputs;
        final Map<Node, Integer> registers = new IdentityHashMap<>();
        boolean outputNeedsAdjoint;

        Builder(List<Node> outputs, int parameterCount) {
            if (parameterCount < 0) throw new IllegalArgumentException("negative parameter count");
            this.outputs = outputs;
            this.parameterCount = parameterCount;
            List<Node> order = Graph.topologicalOrder(outputs);
            Map<Node, Boolean> dependent = new IdentityHashMap<>();
            List<Node.Apply> constantApplies = new ArrayList<>(), dependentApplies = new ArrayList<>();
            List<Node.Const> constants = new ArrayList<>();
            for (Node node : order) {
                boolean depends = false;
                if (node instanceof Node.Param p) {
                    if (p.offset() < 0 || p.offset() + p.shape().size() > parameterCount) {
                        throw new IllegalArgumentException("parameter " + p.name() + " at [" + p.offset() + ", "
                                + (p.offset() + p.shape().size()) + ") lies outside theta of " + parameterCount);
                    }
                    registers.put(p, p.offset());
                    depends = true;
                } else if (node instanceof Node.Input in) {
                    if (in.kind() == Node.InputKind.STATE) stateSize = Math.max(stateSize, in.shape().size());
                    if (in.kind() == Node.InputKind.ACTION) {
                        if (in.shape().isMatrix()) {
                            throw new IllegalArgumentException("the action must be a scalar or a vector, got " + in.shape());
                        }
                        if (actionSize != 0 && actionSize != in.shape().size()) {
                            throw new IllegalArgumentException("one action input per program, got shapes of "
                                    + actionSize + " and " + in.shape().size() + " values");
                        }
                        actionSize = in.shape().size();
                    }
                    if (in.kind() == Node.InputKind.NORMAL_NOISE || in.kind() == Node.InputKind.UNIFORM_NOISE) {
                        noiseCount = Math.max(noiseCount, in.index() + in.shape().size());
                    }
                } else if (node instanceof Node.Const c) {
                    constants.add(c);
                } else {
                    Node.Apply a = (Node.Apply) node;
                    for (Node arg : a.args()) depends |= dependent.get(arg);
                    (depends ? dependentApplies : constantApplies).add(a);
                }
                dependent.put(node, depends);
            }
            stateStart = parameterCount;
            boolean usesAction = order.stream().anyMatch(n -> n instanceof Node.Input in
                    && in.kind() == Node.InputKind.ACTION);
            int next = stateStart + stateSize;
            if (usesAction) {
                actionRegister = next;
                next += actionSize;
            }
            noiseStart = next;
            next += noiseCount;
            for (Node node : order) {
                if (node instanceof Node.Input in) {
                    switch (in.kind()) {
                        case STATE: registers.put(in, stateStart); break;
                        case ACTION: registers.put(in, actionRegister); break;
                        default: registers.put(in, noiseStart + in.index());
                    }
                }
            }
            for (Node.Const c : constants) {
                registers.put(c, next);
                next += c.shape().size();
            }
            for (Node.Apply a : constantApplies) next = place(a, next);
            firstDependent = next;
            for (Node.Apply a : dependentApplies) next = place(a, next);
            registerCount = next;
            template = new double[registerCount];
            for (Node.Const c : constants) System.arraycopy(c.values(), 0, template, registers.get(c), c.shape().size());
            encode(order, dependent);
        }

        /** The operation's result, then its workspace ({@link Op#workspace}). */
        private int place(Node.Apply a, int next) {
            registers.put(a, next);
            return next + a.shape().size() + a.op().workspace(a.args());
        }

        private void encode(List<Node> order, Map<Node, Boolean> dependent) {
            // Instructions that do not read the action come first (a stable partition of a topological
            // order is still topological, since nothing the action does not reach depends on what it
            // does), so a tape can evaluate them once per state and re-run only the rest per action.
            // Among those, the ones outputs 1.. need come first (a set closed under arguments, so again
            // topological), so that when no output past 0 reads the action (a policy's distribution
            // parameters) a sampler can evaluate just them, without log pi.
            Set<Node> side = Collections.newSetFromMap(new IdentityHashMap<>());
            side.addAll(Graph.topologicalOrder(outputs.subList(1, outputs.size())));
            List<Node.Apply> applies = new ArrayList<>(), rest = new ArrayList<>(), actionApplies = new ArrayList<>();
            Map<Node, Boolean> readsAction = new IdentityHashMap<>();
            boolean sideReadsAction = false;
            int width = 0;
            for (Node node : order) {
                boolean reads = node instanceof Node.Input in && in.kind() == Node.InputKind.ACTION;
                if (node instanceof Node.Apply a) {
                    for (Node arg : a.args()) reads |= readsAction.get(arg);
                    (reads ? actionApplies : side.contains(a) ? applies : rest).add(a);
                    width += Instr.width(a.args().size());
                }
                readsAction.put(node, reads);
                sideReadsAction |= reads && side.contains(node);
            }
            sideEnd = sideReadsAction ? -1 : applies.size();
            applies.addAll(rest);
            actionStart = applies.size();
            applies.addAll(actionApplies);
            int n = applies.size();
            code = new int[width];
            pcs = new int[n];
            ops = new Op[n];
            spans = new Span[n];
            instructionNodes = new Node[n];
            int pc = 0;
            for (int i = 0; i < n; i++) {
                Node.Apply a = applies.get(i);
                pcs[i] = pc;
                ops[i] = a.op();
                spans[i] = a.span();
                instructionNodes[i] = a;
                Instr.writeResult(code, pc, a.args().size(), registers.get(a), a.shape());
                for (int k = 0; k < a.args().size(); k++) {
                    Node arg = a.arg(k);
                    Instr.writeArg(code, pc, k, registers.get(arg), arg.shape(), dependent.get(arg));
                }
                pc += Instr.width(a.args().size());
            }
            outputRegisters = new int[outputs.size()];
            for (int k = 0; k < outputs.size(); k++) outputRegisters[k] = registers.get(outputs.get(k));
            outputNeedsAdjoint = dependent.get(outputs.get(0));
            boolean rootSkippable = n > actionStart && outputNeedsAdjoint && instructionNodes[n - 1] == outputs.get(0)
                    && ops[n - 1].skipsResultForGradient();
            for (int k = 1; k < outputs.size(); k++) rootSkippable &= outputRegisters[k] != outputRegisters[0];
            gradientEnd = rootSkippable ? n - 1 : n;
            // The sweep for output 0 visits the parameter-dependent instructions it reaches: others
            // hold a zero adjoint, and skipping them avoids 0 * infinity where a partial is infinite.
            Map<Node, Boolean> reached = new IdentityHashMap<>();
            for (Node node : Graph.topologicalOrder(outputs.get(0))) reached.put(node, true);
            List<Integer> schedule = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) {
                Node node = instructionNodes[i];
                if (dependent.get(node) && reached.containsKey(node)) schedule.add(i);
            }
            backwardInstructions = schedule.stream().mapToInt(Integer::intValue).toArray();
            backwardPcs = Arrays.stream(backwardInstructions).map(i -> pcs[i]).toArray();
        }
    }
}
