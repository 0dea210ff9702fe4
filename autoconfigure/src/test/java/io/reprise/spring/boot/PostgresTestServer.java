package io.reprise.spring.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the starter's PostgreSQL tests run on: database {@code test} at 127.0.0.1:5432
 * (or {@code test.postgres.url} / {@code REPRISE_TEST_POSTGRES_URL}), each test in a fresh schema. Without
 * a server the tests are skipped with a message saying so, or fail when {@code REPRISE_REQUIRE_POSTGRES=1}.
 */
final class PostgresTestServer {

    static final String URL = url();

    private PostgresTestServer() {
    }

    private static String url() {
        String url = System.getProperty("test.postgres.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("REPRISE_TEST_POSTGRES_URL");
        }
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    }

    /** A fresh schema name, after checking the server answers (else the test is skipped, or fails when required). */
    static String newSchema() {
        try (Connection connection = DriverManager.getConnection(URL + (URL.contains("?") ? "&" : "?")
                + "connectTimeout=5")) {
            connection.isValid(5);
        } catch (SQLException e) {
            String message = "PostgreSQL test NOT RUN: no PostgreSQL server at " + URL + " (" + e.getMessage() + ")";
            if ("1".equals(System.getenv("REPRISE_REQUIRE_POSTGRES"))) {
                throw new AssertionError(message + "; REPRISE_REQUIRE_POSTGRES=1 makes this a failure", e);
            }
            System.err.println("WARNING: " + message);
            Assumptions.abort(message);
        }
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** A new data source on the test database (the tests may change its URL later). */
    static PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(URL);
        return dataSource;
    }

    /** The tables of {@code schema}, by name, comma-separated. */
    static String tables(String schema) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT string_agg(table_name, ',' ORDER BY table_name)"
                        + " FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Runs one statement on a connection of its own. */
    static void execute(String sql) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + " on " + URL + ": " + e.getMessage(), e);
        }
    }
}
