package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.CpuUse;
import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.engine.api.EngineService;
import java.nio.file.Path;

/**
 * The engine a run of the benchmark measures, as its client and worker reach it ({@link #service()}), with what
 * the engine's side counts: the store's commits, reads and SQL, and, when the engine runs in a process of its own,
 * that process's CPU. The counts start at {@link #reset()}.
 */
interface EngineUnderTest extends AutoCloseable {

    /** Opens the store of {@code settings} and starts an engine on it, reached over {@code transport}. */
    static EngineUnderTest start(Transport transport, Settings settings) throws Exception {
        return switch (transport) {
            case EMBEDDED -> EmbeddedEngine.start(settings);
            case GRPC -> RemoteEngine.start(settings);
        };
    }

    Transport transport();

    /** What the client and the worker call. */
    EngineService service();

    /**
     * Whether the store's calls (transitions, row loads, history reads, commit sizes, the writer's CPU) are counted;
     * a cluster node's engine builds its own store, so only its database connections are.
     */
    default boolean countsStoreCalls() {
        return true;
    }

    /** Starts the counts (and, for an engine in a process of its own, its CPU time) from now. */
    void reset();

    /** Prints the SQL statements and database commits since {@link #reset()}, per workflow. */
    void printSql(int workflows);

    /** Store commits (engine transitions) since {@link #reset()}. */
    long commits();

    /** Time the engine waited for its commits since {@link #reset()}, all commits together. */
    long commitNanos();

    long stateBytes();

    long eventBytes();

    /** Loads of a run's row from the store since {@link #reset()}. */
    long loads();

    long historyReads();

    /** CPU time of the store's writer thread over the interval {@code cpu} of the benchmark's process measured. */
    long writerCpuNanos(CpuUse cpu);

    /** For an engine in a process of its own, prints that process's CPU and I/O, and both processes' CPU. */
    default void printProcess(CpuUse cpu, int workflows) {
    }

    /** For an engine in a process of its own, starts recording it with JFR next to {@code profile}. */
    default void startProfile(Path profile) {
    }

    /** Stops the recording {@link #startProfile} started. */
    default void stopProfile() {
    }

    /** Prints the hot spots of what {@link #startProfile} recorded. */
    default void printProfile() throws Exception {
    }

    /** Stops the engine and removes its store. */
    @Override
    void close() throws Exception;
}
