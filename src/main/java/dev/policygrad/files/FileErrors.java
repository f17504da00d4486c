package dev.policygrad.files;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Why a file could not be read or written, in words for a message that already names the file
 * ({@code cannot read runs.csv: no such file or directory}): the exceptions of java.nio name only the
 * path, and sometimes the path of a temporary file the user never asked for.
 */
public final class FileErrors {

    private FileErrors() {}

    /** The cause of {@code e}: "no such file or directory", "permission denied", "read-only file system", ... */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return lowercase(f.getReason());
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file of that name already exists";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileSystemException) return "the file system refused (" + e.getClass().getSimpleName() + ")";
        String message = e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // java.io names the file before its reason: "runs.csv (No such file or directory)"
        if (e instanceof FileNotFoundException && line.endsWith(")") && line.lastIndexOf(" (") > 0) {
            return lowercase(line.substring(line.lastIndexOf(" (") + 2, line.length() - 1));
        }
        return line;
    }

    private static String lowercase(String reason) {
        return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
