package dev.policygrad.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KaTeX (from its webjar on the class path) inlined into a page: the script, and the style sheet with
 * every font as a {@code data:} URI, so the page renders mathematics with no network and no files
 * beside it.
 */
final class Katex {

    private static final String ROOT = "META-INF/resources/webjars/katex/0.16.47/dist/";
    private static final Pattern WOFF2 = Pattern.compile("url\\(fonts/([A-Za-z0-9_-]+)\\.woff2\\) format\\(\"woff2\"\\)");
    private static final Pattern OTHER_FORMATS = Pattern.compile(",url\\(fonts/[A-Za-z0-9_-]+\\.(woff|ttf)\\) format\\(\"[a-z]+\"\\)");

    private Katex() {}

    static String script() {
        return text("katex.min.js");
    }

    /** The style sheet, its fonts inlined as WOFF2 (every browser that runs KaTeX reads it). */
    static String styleSheet() {
        String css = OTHER_FORMATS.matcher(text("katex.min.css")).replaceAll("");
        Matcher m = WOFF2.matcher(css);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String data = Base64.getEncoder().encodeToString(bytes("fonts/" + m.group(1) + ".woff2"));
            m.appendReplacement(out, Matcher.quoteReplacement("url(data:font/woff2;base64," + data + ") format(\"woff2\")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = Katex.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) throw new IllegalStateException("KaTeX resource " + name + " is missing from the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
