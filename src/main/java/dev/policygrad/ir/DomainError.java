package dev.policygrad.ir;

/**
 * Thrown by a kernel whose argument lies outside the primitive's domain (log of a negative number,
 * a non-positive standard deviation, an index out of range). It carries no position; the evaluator
 * that ran the kernel adds the source span of the operation and reports an {@code EvalError}.
 */
public final class DomainError extends RuntimeException {
    public DomainError(String message) {
        super(message, null, false, false);
    }
}
