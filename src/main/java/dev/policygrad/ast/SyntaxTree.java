package dev.policygrad.ast;

import java.util.ArrayList;
import java.util.List;

/** The declarations of one or more {@code .pg} files, in the order read. */
public record SyntaxTree(List<Decl> decls) {

    public SyntaxTree {
        decls = List.copyOf(decls);
    }

    /** The declarations of both, this program's first. */
    public SyntaxTree plus(SyntaxTree other) {
        List<Decl> all = new ArrayList<>(decls);
        all.addAll(other.decls);
        return new SyntaxTree(all);
    }
}
