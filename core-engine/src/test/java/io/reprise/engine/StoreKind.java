package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.InMemoryExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import java.nio.file.Path;

/** The stores every engine test runs on (see {@link EngineTestBase}). */
enum StoreKind {

    /** The test double on maps; it keeps its data when closed, as a database does. */
    IN_MEMORY_DOUBLE {
        @Override
        ExecutionStore open(Path directory) {
            return new InMemoryExecutionStore();
        }

        @Override
        ExecutionStore reopen(ExecutionStore closed, Path directory) {
            return ((InMemoryExecutionStore) closed).reopen();
        }
    },

    /** The embedded default: SQLite on a file, reopened from the file as a restarted process would. */
    SQLITE_FILE {
        @Override
        ExecutionStore open(Path directory) {
            return JdbcExecutionStore.sqliteFile(directory.resolve("reprise.db"));
        }

        @Override
        ExecutionStore reopen(ExecutionStore closed, Path directory) {
            return open(directory);
        }
    },

    /**
     * PostgreSQL, in a schema of the test database named after the test's directory (so that reopening
     * finds it), dropped by {@link #cleanUp}. Aborts the test when there is no server (see
     * {@link PostgresTestDatabase}).
     */
    POSTGRES {
        @Override
        ExecutionStore open(Path directory) {
            PostgresTestDatabase.requireServer();
            return JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                    PostgresOptions.builder().schema(schema(directory)).build());
        }

        @Override
        ExecutionStore reopen(ExecutionStore closed, Path directory) {
            return open(directory);
        }

        @Override
        void cleanUp(Path directory) {
            PostgresTestDatabase.dropSchema(schema(directory));
        }

        private static String schema(Path directory) {
            return "t_" + Integer.toHexString(directory.toAbsolutePath().toString().hashCode())
                    + Long.toHexString(ProcessHandle.current().pid());
        }
    };

    /** A new, empty store kept in {@code directory} (if on disk). */
    abstract ExecutionStore open(Path directory);

    /** A store on the data of {@code closed}, which the engine that used it has closed. */
    abstract ExecutionStore reopen(ExecutionStore closed, Path directory);

    /** Removes what {@link #open} left outside {@code directory}, once the test's stores are closed. */
    void cleanUp(Path directory) {
    }
}
