package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {

    @Test
    void onceAStoreIsOpenTheDriverLoadsTheLibraryFromADirectoryOnlyThisUserCanReach(@TempDir Path directory)
            throws Exception {
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(directory.resolve("reprise.db"))) {
            assertThat(store).isNotNull();
        }
        Path libraryDirectory = Path.of(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY));
        Path library = libraryDirectory.resolve(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY));
        assertThat(libraryDirectory.getFileName().toString())
                .startsWith("reprise-sqlite-" + ProcessHandle.current().pid() + "-");
        assertThat(Files.size(library)).isGreaterThan(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(libraryDirectory)))
                .isEqualTo("rwx------");
    }

    @Test
    void theDirectoryOfAProcessThatNoLongerRunsIsDeletedAndOthersAreKept(@TempDir Path root) throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Path ofExited = Files.createDirectory(root.resolve("reprise-sqlite-" + exited.pid() + "-abc"));
        Files.writeString(ofExited.resolve("libsqlitejdbc.so"), "left by a killed process");
        Path ofThisProcess = Files.createDirectory(
                root.resolve("reprise-sqlite-" + ProcessHandle.current().pid() + "-def"));
        Path unrelated = Files.createDirectory(root.resolve("reprise-sqlite-notapid"));

        SqliteNativeLibrary.deleteLeftovers(root);

        assertThat(ofExited).doesNotExist();
        assertThat(ofThisProcess).isDirectory();
        assertThat(unrelated).isDirectory();
    }

    @Test
    void theProcessIdIsReadFromTheDirectoryName() {
        assertThat(SqliteNativeLibrary.pidOf("reprise-sqlite-4242-k3j2")).isEqualTo(4242);
        assertThat(SqliteNativeLibrary.pidOf("reprise-sqlite-notapid")).isEqualTo(-1);
        assertThat(SqliteNativeLibrary.pidOf("reprise-sqlite-x1-k3j2")).isEqualTo(-1);
        assertThat(SqliteNativeLibrary.pidOf("sqlite-4242-k3j2")).isEqualTo(-1);
    }

    @Test
    void theResourceDirectoryIsTheOneTheDriverNames() {
        assertThat(SqliteNativeLibrary.resourceDirectory()).isEqualTo(LibraryLoaderUtil.getNativeLibResourcePath());
    }

    @Test
    void onLinuxWithoutAndroidTheFolderIsLinuxOrLinuxMuslByTheDriversMuslTest() {
        String openJdk = "OpenJDK Runtime Environment";
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "amd64", openJdk, false, () -> false)).hasValue("Linux");
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "aarch64", openJdk, false, () -> false)).hasValue("Linux");
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "amd64", openJdk, false, () -> true))
                .hasValue("Linux-Musl");
    }

    @Test
    void whereAndroidIsNotRuledOutTheDriverDecidesAndTheMuslTestIsNotRun() {
        AtomicInteger muslTests = new AtomicInteger();
        BooleanSupplier musl = () -> muslTests.incrementAndGet() > 0;
        String openJdk = "OpenJDK Runtime Environment";
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "amd64", openJdk, true, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "amd64", "Android Runtime", false, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "arm", openJdk, false, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("Linux", "armv7l", openJdk, false, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("Mac OS X", "aarch64", openJdk, false, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("Windows 11", "amd64", openJdk, false, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("FreeBSD", "amd64", openJdk, false, musl)).isEmpty();
        assertThat(SqliteNativeLibrary.linuxFolder("AIX", "ppc64", openJdk, false, musl)).isEmpty();
        assertThat(muslTests).hasValue(0);
    }
}
