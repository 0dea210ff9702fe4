package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store's maintenance writer (namespaces, retention deletes) outlives the end of its connection. */
class MaintenanceWriterPostgresTest {

    /** The backend of each connection the writer opened, in order. */
    private final List<Integer> backends = new CopyOnWriteArrayList<>();
    private MaintenanceWriter writer;

    @BeforeEach
    void openWriter() {
        PostgresTestDatabase.requireServer();
        writer = MaintenanceWriter.ownConnection(() -> {
            Connection connection = PostgresTestDatabase.dataSource().getConnection();
            connection.setAutoCommit(true);
            backends.add(backendOf(connection));
            return connection;
        }, "BEGIN");
    }

    @AfterEach
    void closeWriter() {
        if (writer != null) {
            writer.close();
        }
    }

    @Test
    void aWriteAfterTheServerEndedTheIdleConnectionRunsOnANewOne() throws Exception {
        assertThat(writer.write(MaintenanceWriterPostgresTest::backendOf)).isEqualTo(backends.get(0));

        PostgresTestDatabase.query("SELECT pg_terminate_backend(" + backends.get(0) + ", 60000)");

        assertThat(writer.write(MaintenanceWriterPostgresTest::backendOf)).isEqualTo(backends.get(1));
        assertThat(writer.write(MaintenanceWriterPostgresTest::backendOf)).isEqualTo(backends.get(1));
        assertThat(backends).hasSize(2);
    }

    private static int backendOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
