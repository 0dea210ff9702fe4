package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the PostgreSQL tests run on: database {@code test} on 127.0.0.1:5432, user
 * {@code postgres} (trust auth), unless the system property {@code test.postgres.url} or the
 * environment variable {@code REPRISE_TEST_POSTGRES_URL} names another JDBC URL. Each test class (or
 * test) works in a fresh schema of its own ({@link #newSchema}), dropped afterwards.
 *
 * <p>Without a server, a PostgreSQL test is aborted (skipped) with a message that says it did not run
 * and why, and {@link PostgresSkipSummary} prints one line at the end of the run; with the environment
 * variable {@code REPRISE_REQUIRE_POSTGRES=1} (set by {@code .ci/run}) it fails instead.
 */
public final class PostgresTestDatabase {

    /** The start of every skip message, which {@link PostgresSkipSummary} counts. */
    static final String SKIPPED = "PostgreSQL test NOT RUN";

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static final AtomicInteger skipped = new AtomicInteger();
    private static volatile String unavailable; // null: not probed yet or reachable
    private static volatile boolean probed;

    private PostgresTestDatabase() {
    }

    /** The JDBC URL of the test database. */
    public static String url() {
        String url = System.getProperty("test.postgres.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("REPRISE_TEST_POSTGRES_URL");
        }
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** Whether a missing server fails the tests ({@code REPRISE_REQUIRE_POSTGRES=1}) rather than skipping them. */
    static boolean required() {
        return "1".equals(System.getenv("REPRISE_REQUIRE_POSTGRES"))
                || Boolean.getBoolean("test.postgres.required");
    }

    /**
     * Returns when the server answers; otherwise aborts the calling test with a message saying it did not run
     * and why, or fails it when PostgreSQL is required.
     */
    public static void requireServer() {
        String reason = probe();
        if (reason == null) {
            return;
        }
        String message = SKIPPED + ": no PostgreSQL server at " + url() + " (" + reason + "). Start one (see"
                + " docs/postgres.md), or point test.postgres.url / REPRISE_TEST_POSTGRES_URL at one.";
        if (required()) {
            throw new AssertionError(message + " REPRISE_REQUIRE_POSTGRES=1 makes this a failure.");
        }
        skipped.incrementAndGet();
        Assumptions.abort(message);
    }

    private static synchronized String probe() {
        if (!probed) {
            try (Connection connection = DriverManager.getConnection(withConnectTimeout(url()))) {
                connection.isValid(5);
            } catch (SQLException e) {
                unavailable = e.getMessage();
            }
            probed = true;
        }
        return unavailable;
    }

    private static String withConnectTimeout(String url) {
        return url + (url.contains("?") ? "&" : "?") + "connectTimeout=5";
    }

    /** How many PostgreSQL tests were skipped for want of a server. */
    static int skippedCount() {
        return skipped.get();
    }

    /** A data source on the test database. */
    public static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        return dataSource;
    }

    /** A new schema name (the schema itself is created by the store): {@code t_<random>}. */
    public static String newSchema() {
        requireServer();
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** Drops {@code schema} and everything in it, if it exists. */
    public static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + PostgresDialect.quote(schema) + " CASCADE");
    }

    /** Runs one statement on a connection of its own, in auto-commit mode. */
    public static void execute(String sql) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + " on " + url() + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row {@code sql} returns, as text ({@code null} for none). */
    public static String query(String sql) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + " on " + url() + ": " + e.getMessage(), e);
        }
    }
}
