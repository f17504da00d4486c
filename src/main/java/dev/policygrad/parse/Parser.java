package dev.policygrad.parse;

import dev.policygrad.LargeStack;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.SyntaxTree;
import dev.policygrad.diag.Sources;
import dev.policygrad.diag.SyntaxError;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * The parse stage: text to syntax tree ({@link SyntaxTree}, or one {@link Expr}).
 *
 * <p>Text goes through three steps: ANTLR's lexer; a check that nothing is nested more than
 * {@value NestingCheck#LIMIT} levels deep ({@link NestingCheck}); and ANTLR's parser, whose tree
 * {@link AstBuilder} turns into our own. The parser first runs in SLL mode, which is fast and
 * enough for nearly every input, and reruns in full LL mode only when SLL fails, so that a reported
 * error is a real one. Every problem with the text is a {@link SyntaxError} at a line and column,
 * however malformed the input; a file that cannot be read at all is a
 * {@link dev.policygrad.diag.UsageError}.
 */
public final class Parser {

    /** The most bytes a program file may hold (1 MiB); a text given as a string, the most characters. */
    public static final long MAX_FILE_BYTES = SourceFiles.MAX_BYTES;

    private Parser() {}

    /** The program written in {@code text}; {@code fileName} is only used in spans and messages. */
    public static SyntaxTree parse(String fileName, String text) {
        SourceText source = new SourceText(fileName, "end of file");
        return run(text, source, PolicygradParser::program, tree -> new AstBuilder(source).program(tree));
    }

    /** A single formula that must span all of {@code text}, as given to {@code --state} or {@code --set}. */
    public static Expr parseExpression(String fileName, String text) {
        SourceText source = new SourceText(fileName, "the end of the formula");
        return run(text, source, PolicygradParser::singleExpr, tree -> new AstBuilder(source).expr(tree.expr()));
    }

    /**
     * The program in a UTF-8 file of at most 1 MiB; the file's size is checked before it is read.
     * A leading byte order mark is skipped.
     */
    public static SyntaxTree parseFile(Path path) {
        return parse(path.toString(), SourceFiles.read(path));
    }

    /**
     * The programs in the files, one after the other; each file's text is added to {@code sources}
     * (even when it fails to parse) so that diagnostics can quote it.
     */
    public static SyntaxTree parseFiles(List<Path> paths, Sources sources) {
        SyntaxTree all = new SyntaxTree(List.of());
        for (Path path : paths) {
            String text;
            try {
                text = SourceFiles.read(path);
            } catch (SyntaxError notText) {
                String lenient = SourceFiles.readLeniently(path);
                if (lenient != null) sources.add(path.toString(), lenient);
                throw notText;
            }
            sources.add(path.toString(), text);
            all = all.plus(parse(path.toString(), text));
        }
        return all;
    }

    private static <C extends ParserRuleContext, T> T run(String text, SourceText source,
            Function<PolicygradParser, C> rule, Function<C, T> build) {
        if (text.length() > SourceFiles.MAX_BYTES) {
            throw SourceFiles.tooLarge(source.fileName(), text.length(), "characters");
        }
        Token[] deepest = new Token[1];
        return LargeStack.call(
                () -> build.apply(parseTree(text, source, rule, deepest)),
                () -> deepest[0] == null
                        ? source.error(source.start(), NestingCheck.tooDeepMessage())
                        : source.error(deepest[0], NestingCheck.tooDeepMessage()));
    }

    private static <C extends ParserRuleContext> C parseTree(String text, SourceText source,
            Function<PolicygradParser, C> rule, Token[] deepest) {
        PolicygradLexer lexer = new PolicygradLexer(CharStreams.fromString(SourceText.forLexer(text), source.fileName()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new ThrowingErrorListener(source));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        deepest[0] = NestingCheck.check(tokens.getTokens(), source);

        PolicygradParser parser = new PolicygradParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new ThrowingErrorListener(source));
        parser.setErrorHandler(new FailFastErrorStrategy(source));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return rule.apply(parser);
        } catch (SyntaxError sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return rule.apply(parser);
        }
    }
}
