package dev.policygrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./policygrad} launcher says on stderr that it is building, and where the log goes. */
class LauncherTest {

    @Test
    void firstRunSaysItIsBuilding(@TempDir Path dir) throws Exception {
        Path launcher = dir.resolve("policygrad");
        Files.copy(Path.of("policygrad"), launcher);
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // A stand-in for Maven that fails at once, so the test needs no real build.
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho 'stand-in build failed'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "parse", "x.pg");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        int exit = pb.start().waitFor();
        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertEquals(2, exit);
        assertTrue(stderr.startsWith("policygrad: building target/policygrad.jar"), stderr);
        assertTrue(stderr.contains("log: " + dir.toRealPath().resolve("target/build.log")), stderr);
        assertTrue(stderr.contains("the build failed"), stderr);
        assertEquals("", Files.readString(dir.resolve("stdout")));
    }
}
