package dev.policygrad.files;

import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that a reader, or a crash, sees either the old content or the new, never half:
 * the content goes to a temporary file in the same directory, which is then moved over the target.
 * If writing fails, the temporary file is deleted and the target is left as it was, and the error
 * names the target and the cause.
 */
public final class AtomicWrite {

    /** Writes the content to a stream; may fail part-way. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    /**
     * A temporary file is created readable by its owner only; give the result the permissions of the
     * file it replaces, or rw-r--r-- for a new one, as a plain write would under the usual umask.
     */
    private static void readableLikeAPlainFile(Path temporary, Path target) throws IOException {
        if (!Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) return;
        Set<PosixFilePermission> permissions = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temporary, permissions);
    }

    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * The file a path finally names: a symbolic link (or a chain of them) is followed, so a write
     * replaces the link's target, next to it, and leaves the link in place; a dangling link names
     * the file it would point to. Other paths are returned absolute and normalized.
     */
    public static Path resolveLinks(Path target) {
        Path path = target.toAbsolutePath().normalize();
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(path); hops++) {
            try {
                Path link = Files.readSymbolicLink(path);
                path = path.resolveSibling(link).toAbsolutePath().normalize();
            } catch (IOException e) {
                break;
            }
        }
        return path;
    }

    /**
     * Deletes temporary files that an earlier write of the same target left behind when it was
     * killed midway (before its {@code finally} could run), so they do not accumulate.
     */
    private static void removeLeftovers(Path dir, String name) {
        String prefix = "." + name;
        try (java.nio.file.DirectoryStream<Path> stale = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp") && f.length() > prefix.length() + 4
                    && f.substring(prefix.length(), f.length() - 4).chars().allMatch(Character::isDigit);
        })) {
            for (Path p : stale) Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover that cannot be listed or deleted does no harm to this write
        }
    }

    /**
     * Writes {@code content} to {@code target} (through a symbolic link to the file it points to). A
     * failure, of the file system or of {@code content}, is a {@link UsageError} naming {@code target} and
     * the cause ({@code cannot write out/x.png: permission denied}), never the temporary file.
     */
    public static void write(Path target, Content content) {
        Path absolute = resolveLinks(target);
        Path parent = absolute.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            Path existing = parent;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            throw new UsageError("cannot write " + target + ": " + (existing != null && !Files.isDirectory(existing)
                    ? existing + " is a file, not a directory"
                    : "cannot create the directory " + parent + ": " + FileErrors.reason(e)));
        }
        removeLeftovers(parent, absolute.getFileName().toString());
        try {
            Path temporary = Files.createTempFile(parent, "." + absolute.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    content.writeTo(out);
                }
                readableLikeAPlainFile(temporary, absolute);
                try {
                    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UsageError("cannot write " + target + ": " + FileErrors.reason(e));
        }
    }
}
