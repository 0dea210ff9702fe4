package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

class SqliteDriverWarmUpTest {

    @Test
    void theFirstConnectionGetsTheDateFormatTheWarmUpBuilt(@TempDir Path directory) throws Exception {
        Thread warmUp = SqliteDriverWarmUp.start();
        warmUp.join();
        SqliteNativeLibrary.prepare();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("a.db"))) {
            assertThat(connection.unwrap(SQLiteConnection.class).getConnectionConfig().getDateFormat())
                    .isNotNull()
                    .isSameAs(SqliteDriverWarmUp.dateFormat());
        }
    }

    @Test
    void theWarmUpRunsOncePerProcessOnADaemonThreadOfItsOwn() throws Exception {
        Thread first = SqliteDriverWarmUp.start();
        Thread second = SqliteDriverWarmUp.start();
        assertThat(second).isSameAs(first);
        assertThat(first.getName()).isEqualTo("reprise-sqlite-warm-up");
        assertThat(first.isDaemon()).isTrue();
        first.join();
        assertThat(first.isAlive()).isFalse();
    }
}
