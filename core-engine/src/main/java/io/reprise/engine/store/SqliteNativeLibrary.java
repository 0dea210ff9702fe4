package io.reprise.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * Puts sqlite-jdbc's native library where its loader looks first, before the first SQLite
 * connection of the process is opened.
 *
 * <p>Why: left to itself, the driver's loader extracts the library (about 1 MiB) from its jar
 * under a new name on every launch, then inflates it a second time and compares the two copies
 * one byte at a time, in code the JIT has not compiled yet: about 150 ms of a 1.1 s launch to
 * the first workflow on the 2-core benchmark machine (docs/benchmarks.md, "Issue 14, session
 * 8"). Here the same library is copied in one pass into a new directory only this process
 * owns (created by it, not readable or writable by other users), both are
 * deleted when the JVM exits (the next launch deletes those a killed process left), and the loader is pointed at it through its documented system
 * properties {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}.
 *
 * <p>Nothing changes when the user has set either property (their library is loaded), when
 * the jar holds no library for this platform, or when the copy fails: the driver then loads
 * the library its own way, as before. If the copy cannot be loaded (a temporary directory
 * mounted {@code noexec}), the driver's own extraction runs next and reports its failure.
 * The temporary directory is the driver's: {@code org.sqlite.tmpdir}, else {@code java.io.tmpdir}.
 */
final class SqliteNativeLibrary {

    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String PREFIX = "reprise-sqlite-";
    private static final String ANDROID_SYSTEM_DIRECTORY = "/system";

    private static boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Once per process, before the first SQLite connection; later calls do nothing. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        String resourceDirectory = resourceDirectory();
        String name = LibraryLoaderUtil.getNativeLibName();
        if (!LibraryLoaderUtil.hasNativeLib(resourceDirectory, name)) {
            return;
        }
        Path directory = null;
        Path library = null;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resourceDirectory + "/" + name)) {
            if (in == null) {
                return;
            }
            Path root = temporaryRoot();
            deleteLeftovers(root);
            directory = createPrivateDirectory(root);
            // Deleted in the reverse order of these calls: the library, then its directory.
            directory.toFile().deleteOnExit();
            library = directory.resolve(name);
            library.toFile().deleteOnExit();
            Files.copy(in, library);
        } catch (IOException | RuntimeException e) {
            log.debug("Could not copy the SQLite native library ahead of the driver; it loads the library itself", e);
            deleteQuietly(library);
            deleteQuietly(directory);
            return;
        }
        System.setProperty(PATH_PROPERTY, directory.toString());
        System.setProperty(NAME_PROPERTY, name);
    }

    /**
     * The folder of the driver's jar that holds this platform's library, as the driver names it
     * ({@code /org/sqlite/native/Linux/x86_64}).
     *
     * <p>On Linux the driver chooses between its {@code Linux-Android}, {@code Linux-Musl} and
     * {@code Linux} folders, and to rule out Android under Termux it runs {@code uname -o}: a new
     * process, 35 ms of a launch on the benchmark machine (docs/benchmarks.md, "Issue 14, session 9").
     * Where Android is ruled out without it ({@link #linuxFolder}), the folder is put together here from
     * the driver's own musl test and architecture name; everywhere else the driver names it.
     */
    static String resourceDirectory() {
        Optional<String> linux = linuxFolder(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty("java.runtime.name", ""), Files.exists(Path.of(ANDROID_SYSTEM_DIRECTORY)),
                OSInfo::isMusl);
        if (linux.isEmpty()) {
            return LibraryLoaderUtil.getNativeLibResourcePath();
        }
        return "/" + SQLiteJDBCLoader.class.getPackageName().replace('.', '/') + "/native/" + linux.get() + "/"
                + OSInfo.getArchName();
    }

    /**
     * The driver's folder for Linux, {@code Linux} or {@code Linux-Musl}, when it is known without running
     * a process; empty when the driver has to decide. Known when: the JVM reports the OS as {@code Linux}
     * (the driver checks the name for Windows, Mac, Darwin and AIX first), the runtime is not Android's, there
     * is no {@code /system} directory (every Android has one: the driver's other two Android tests look for
     * files under it, and {@code uname -o} says "Android" only on Android), and the architecture does not
     * start with {@code arm} (for those the driver runs {@code uname -m} and looks for Android again).
     *
     * @param musl the driver's musl test, asked only when the rest is known
     */
    static Optional<String> linuxFolder(String osName, String osArch, String runtimeName,
            boolean androidSystemDirectory, BooleanSupplier musl) {
        if (!osName.equals("Linux") || osArch.startsWith("arm") || androidSystemDirectory
                || runtimeName.toLowerCase(Locale.ROOT).contains("android")) {
            return Optional.empty();
        }
        return Optional.of(musl.getAsBoolean() ? "Linux-Musl" : "Linux");
    }

    private static Path temporaryRoot() {
        return Path.of(System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")));
    }

    /**
     * A new directory only this user can read, write or list. Not {@link Files#createTempDirectory}: its
     * name comes from a {@code SecureRandom}, whose seeding costs 20 ms of a launch. The name need not be
     * secret: the directory is created, atomically, by this call or the copy is not made, so a directory
     * another user prepared under the same name is never used.
     */
    private static Path createPrivateDirectory(Path root) throws IOException {
        Path directory = root.resolve(PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectory(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectory(directory);
    }

    /** Deletes the directories of processes that no longer run (killed before their exit hooks ran). */
    static void deleteLeftovers(Path root) {
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path directory : directories) {
                long pid = pidOf(directory.getFileName().toString());
                if (pid < 0 || ProcessHandle.of(pid).isPresent() || !Files.isWritable(directory)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                    files.forEach(SqliteNativeLibrary::deleteQuietly);
                }
                deleteQuietly(directory);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not delete the SQLite native libraries earlier processes left in {}", root, e);
        }
    }

    /** The process id in {@code reprise-sqlite-<pid>-<random>}, or -1. */
    static long pidOf(String directoryName) {
        int end = directoryName.indexOf('-', PREFIX.length());
        if (!directoryName.startsWith(PREFIX) || end < 0) {
            return -1;
        }
        try {
            return Long.parseLong(directoryName, PREFIX.length(), end, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left for deleteOnExit.
        }
    }
}
