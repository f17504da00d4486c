package dev.policygrad.cli;

import dev.policygrad.diag.UsageError;
import dev.policygrad.files.AtomicWrite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** Writes DOT text atomically, and renders it to PNG and SVG when Graphviz's {@code dot} is installed. */
final class Graphviz {

    private Graphviz() {}

    static void write(String dotText, Path file, PrintWriter err) throws IOException {
        AtomicWrite.write(file, dotText.getBytes(StandardCharsets.UTF_8));
        for (String format : new String[] {"png", "svg"}) {
            Path target = file.resolveSibling(file.getFileName() + "." + format);
            if (!render(file, target, format)) {
                err.println("note: Graphviz 'dot' is not installed; wrote " + file + " only"
                        + " (install it with 'apt-get install graphviz' to get PNG and SVG)");
                return;
            }
        }
    }

    private static boolean render(Path source, Path target, String format) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Process process;
        try {
            process = new ProcessBuilder("dot", "-T" + format, "-o", temporary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return false;
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                Files.deleteIfExists(temporary);
                throw new UsageError("Graphviz could not render " + source);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
