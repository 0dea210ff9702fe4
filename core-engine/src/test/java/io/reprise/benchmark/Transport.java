package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.StoreType;
import java.util.List;

/** How the benchmark's client and worker reach the engine, with the throughput and latency held to over it. */
enum Transport {
    /** The engine in the benchmark's JVM: the client and the worker call it directly. */
    EMBEDDED,
    /**
     * The engine in a JVM of its own ({@link BenchmarkEngineServer}), served by {@code GrpcEngineServer} with its
     * defaults; the client and the worker in the benchmark's JVM reach it through {@code GrpcEngineService} with its
     * defaults, over loopback.
     */
    GRPC;

    /** Issue 11's targets over loopback gRPC on SQLite; none are set for PostgreSQL, which keeps its own. */
    static final double GRPC_SQLITE_WORKFLOWS_PER_SECOND = 1_000;
    static final double GRPC_SQLITE_P50_MILLIS = 4;

    double targetWorkflowsPerSecond(StoreType store) {
        return this == GRPC && store == StoreType.SQLITE ? GRPC_SQLITE_WORKFLOWS_PER_SECOND
                : store.targetWorkflowsPerSecond;
    }

    double targetP50Millis(StoreType store) {
        return this == GRPC && store == StoreType.SQLITE ? GRPC_SQLITE_P50_MILLIS : store.targetP50Millis;
    }

    /** The transports of {@code --transport embedded|grpc|both}, in the order they run. */
    static List<Transport> parse(String name) {
        return switch (name) {
            case "embedded" -> List.of(EMBEDDED);
            case "grpc" -> List.of(GRPC);
            case "both" -> List.of(EMBEDDED, GRPC);
            default -> throw new IllegalArgumentException("--transport expects embedded, grpc or both, got \"" + name
                    + "\"");
        };
    }
}
