package dev.policygrad.cli;

import dev.policygrad.ast.AstPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code policygrad parse FILE...}: checks the files and prints the program in canonical form. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Check the files and print the program back in canonical form.")
final class ParseCommand extends BaseCommand {

    @Mixin
    Inputs inputs;

    @Override
    protected int execute() {
        out().print(AstPrinter.print(load(inputs).syntax()));
        return 0;
    }
}
