package dev.policygrad.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.policygrad.ast.AstPrinter;
import dev.policygrad.ast.Expr;
import dev.policygrad.ast.SyntaxTree;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing a syntax tree and parsing the text gives back the same tree. */
class PrintParseProperties {

    @Property(tries = 300, seed = "20261131")
    void programsSurvivePrintingAndParsing(@ForAll("programs") SyntaxTree program) {
        String text = AstPrinter.print(program);
        assertEquals(program, Parser.parse("printed.pg", text), text);
    }

    @Property(tries = 300, seed = "20261132")
    void formulasSurvivePrintingAndParsing(@ForAll("exprs") Expr expr) {
        String text = AstPrinter.print(expr);
        assertEquals(expr, Parser.parseExpression("printed", text), text);
    }

    @Property(tries = 100, seed = "20261133")
    void printingIsCanonical(@ForAll("programs") SyntaxTree program) {
        String text = AstPrinter.print(program);
        assertEquals(text, AstPrinter.print(Parser.parse("printed.pg", text)));
    }

    @Provide
    Arbitrary<SyntaxTree> programs() {
        return ProgramArbitraries.programs();
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return ProgramArbitraries.exprs();
    }
}
