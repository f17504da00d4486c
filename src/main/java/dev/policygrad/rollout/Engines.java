package dev.policygrad.rollout;

import dev.policygrad.diag.UsageError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rollout engines: local threads, or Apache Spark. Spark is not on policygrad's class path: its
 * jars sit in a directory beside policygrad.jar ({@code target/spark-lib}, filled by the build), and
 * are loaded by a class loader of their own only when Spark is asked for, so that every other command
 * starts as fast as before and never loads a Spark class. The loader looks in Spark's jars first (Spark
 * brings its own versions of libraries policygrad also uses), except for policygrad's classes, which it
 * shares with the caller so that jobs and results are the same types on both sides; the few classes
 * that speak Spark's API ({@code dev.policygrad.spark}) are defined inside the loader.
 */
public final class Engines {

    /** The class implementing {@link RolloutEngine} on Spark, with a constructor taking the master URL. */
    static final String SPARK_ENGINE = "dev.policygrad.spark.SparkRollouts";

    /** The system property or environment variable naming the directory of Spark's jars. */
    public static final String SPARK_LIB = "policygrad.spark.lib";

    private Engines() {}

    public static RolloutEngine local(int threads) {
        return new Rollouts(threads);
    }

    /** A Spark engine on {@code master} ({@code local[*]}, {@code spark://host:7077}). */
    public static RolloutEngine spark(String master) {
        Path lib = sparkLibrary();
        ClassLoader loader = new SparkClassLoader(jars(lib), Engines.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> engine = Class.forName(SPARK_ENGINE, true, loader);
            return (RolloutEngine) engine.getConstructor(String.class, ClassLoader.class, Path.class)
                    .newInstance(master, loader, ownJar());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            throw new IllegalStateException("could not start Spark: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UsageError("Spark's jars in " + lib + " are incomplete (" + e + "); rebuild with mvn package");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The directory of Spark's jars: the system property {@value #SPARK_LIB}, else spark-lib beside this jar. */
    static Path sparkLibrary() {
        String configured = System.getProperty(SPARK_LIB);
        Path lib = configured != null ? Path.of(configured) : ownJar().toAbsolutePath().getParent().resolve("spark-lib");
        if (!Files.isDirectory(lib)) {
            throw new UsageError("--engine spark needs Spark's jars in " + lib + ", which is missing; build with "
                    + "'mvn package' (the launcher does), or set -D" + SPARK_LIB + "=DIR");
        }
        return lib;
    }

    /** Where policygrad's own classes come from: policygrad.jar, or the classes directory in a build. */
    static Path ownJar() {
        try {
            return Path.of(Engines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate policygrad's classes", e);
        }
    }

    private static URL[] jars(Path lib) {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (urls.isEmpty()) throw new UsageError("no jars in " + lib + "; rebuild with 'mvn package'");
        return urls.toArray(URL[]::new);
    }

    /** Spark's jars first; policygrad's classes from the parent, except its Spark classes, defined here. */
    static final class SparkClassLoader extends URLClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        private final ClassLoader parent;

        SparkClassLoader(URL[] jars, ClassLoader parent) {
            super("policygrad-spark", jars, parent);
            this.parent = parent;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    if (name.startsWith("dev.policygrad.spark.")) {
                        c = defineOwn(name);
                    } else if (name.startsWith("dev.policygrad.") || name.startsWith("java.")) {
                        c = parent.loadClass(name);
                    } else {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException notInSpark) {
                            c = parent.loadClass(name);
                        }
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }

        private Class<?> defineOwn(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = parent.getResourceAsStream(resource)) {
                if (in == null) throw new ClassNotFoundException(name);
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length, Engines.class.getProtectionDomain());
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : parent.getResource(name);
        }
    }
}
