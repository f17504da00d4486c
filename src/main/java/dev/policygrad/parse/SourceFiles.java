package dev.policygrad.parse;

import dev.policygrad.ast.Span;
import dev.policygrad.diag.SyntaxError;
import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@code .pg} file as text: at most {@link #MAX_BYTES} bytes of UTF-8, checked before any
 * of it is decoded.
 */
final class SourceFiles {

    /** The largest file read: 1 MiB, far more than any policy needs. */
    static final long MAX_BYTES = 1L << 20;

    private SourceFiles() {}

    /** The file's text, without a leading byte order mark. */
    static String read(Path path) {
        return decode(path.toString(), readBytes(path));
    }

    /**
     * The file's text with every byte that is not UTF-8 replaced, for quoting in diagnostics; null
     * when the file is too large or cannot be read.
     */
    static String readLeniently(Path path) {
        try {
            if (Files.size(path) > MAX_BYTES) return null;
            return stripByteOrderMark(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static SyntaxError tooLarge(String fileName, long size, String unit) {
        return new SyntaxError(new Span(fileName, 1, 1, 0, 0),
                "file too large: " + size + " " + unit + " (the limit is 1 MiB)");
    }

    private static byte[] readBytes(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) throw tooLarge(path.toString(), size, "bytes");
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length > MAX_BYTES) throw tooLarge(path.toString(), bytes.length, "bytes");
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UsageError("cannot read " + path + ": no such file");
        } catch (IOException e) {
            throw new UsageError("cannot read " + path + ": " + dev.policygrad.files.FileErrors.reason(e));
        }
    }

    /** Decodes strictly, failing at the line and column of the first byte that is not UTF-8. */
    static String decode(String fileName, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) throw notUtf8(fileName, bytes, in.position());
        decoder.flush(out);
        return stripByteOrderMark(out.flip().toString());
    }

    private static SyntaxError notUtf8(String fileName, byte[] bytes, int badOffset) {
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i < badOffset; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, badOffset - lineStart, StandardCharsets.UTF_8);
        int column = before.codePointCount(0, before.length()) + 1;
        int charOffset = new String(bytes, 0, badOffset, StandardCharsets.UTF_8).length();
        Span span = new Span(fileName, line, column, charOffset, charOffset + 1);
        return new SyntaxError(span, String.format(
                "file is not valid UTF-8: byte 0x%02X at offset %d", bytes[badOffset] & 0xff, badOffset));
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
