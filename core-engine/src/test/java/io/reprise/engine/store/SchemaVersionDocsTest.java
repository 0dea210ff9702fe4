package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The docs that state the store's current schema version state the one {@link Schema} writes. */
class SchemaVersionDocsTest {

    private static final Path DOCS = Path.of("../docs");

    @Test
    void theArchitecturePageStatesTheCurrentSchemaVersion() throws IOException {
        assertThat(versionIn("architecture.md", "Schema \\(`Schema`, version (\\d+)"))
                .isEqualTo(SqliteDialect.SCHEMA_VERSION);
    }

    @Test
    void theArchitecturePageStatesThePostgresSchemaVersion() throws IOException {
        assertThat(versionIn("architecture.md", "PostgreSQL schema version (\\d+)\\."))
                .isEqualTo(PostgresDialect.SCHEMA_VERSION);
    }

    @Test
    void theStartupLogShownInTheSpringBootGuideHasTheCurrentSchemaVersion() throws IOException {
        assertThat(versionIn("spring-boot.md", "Opened SQLite store file .*, schema version (\\d+)\\)"))
                .isEqualTo(SqliteDialect.SCHEMA_VERSION);
    }

    private static int versionIn(String page, String regex) throws IOException {
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(DOCS.resolve(page)));
        assertThat(matcher.find()).as("docs/%s has a line matching %s", page, regex).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
