package dev.policygrad.rollout;

import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.check.CheckedProgram;
import dev.policygrad.check.Checker;
import dev.policygrad.env.Environment;
import dev.policygrad.parse.Parser;
import dev.policygrad.policy.Policy;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A task as a value that can be shipped: the text of the program's files and the name of the
 * environment (null for the only one). Wherever it is used, the text is parsed and checked again and
 * the policy and environment rebuilt, once per process (a process-wide cache keyed by the text), so an
 * executor on another machine plays exactly the episodes the driver would.
 */
public final class SourceTask implements Task, Serializable {

    private static final long serialVersionUID = 1L;

    /** One file's name (used in messages) and text. */
    public record SourceFile(String name, String text) implements Serializable {
        private static final long serialVersionUID = 1L;

        public SourceFile {
            Objects.requireNonNull(name);
            Objects.requireNonNull(text);
        }
    }

    private final List<SourceFile> files;
    private final String environmentName;
    private transient volatile Built built;

    public SourceTask(List<SourceFile> files, String environmentName) {
        if (files.isEmpty()) throw new IllegalArgumentException("a task needs at least one source file");
        this.files = List.copyOf(files);
        this.environmentName = environmentName;
    }

    public List<SourceFile> files() {
        return files;
    }

    /** The environment's name, or null when the program declares only one. */
    public String environmentName() {
        return environmentName;
    }

    @Override
    public Policy policy() {
        return built().task().policy();
    }

    @Override
    public Environment environment() {
        return built().task().environment();
    }

    /**
     * The checked program of the text, for what the task alone does not carry (estimator and value
     * formulas, which a shipped estimator rebuilds from it).
     */
    public CheckedProgram program() {
        return built().program();
    }

    /** The checked program and the task built from it, once per process. */
    private record Built(CheckedProgram program, Task task) {}

    private Built built() {
        Built b = built;
        if (b == null) {
            b = CACHE.computeIfAbsent(this, SourceTask::build);
            built = b;
        }
        return b;
    }

    private static Built build(SourceTask source) {
        SyntaxTree all = new SyntaxTree(List.of());
        for (SourceFile file : source.files) all = all.plus(Parser.parse(file.name(), file.text()));
        CheckedProgram program = Checker.check(all);
        Environment environment = source.environmentName == null ? program.environment()
                : program.environment(source.environmentName);
        return new Built(program, Task.of(Policy.of(program), environment));
    }

    /** Built tasks of this process, so that many chunks of one job parse the text once. */
    private static final ConcurrentHashMap<SourceTask, Built> CACHE = new ConcurrentHashMap<>();

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceTask t && t.files.equals(files) && Objects.equals(t.environmentName, environmentName);
    }

    @Override
    public int hashCode() {
        return files.hashCode() * 31 + Objects.hashCode(environmentName);
    }
}
