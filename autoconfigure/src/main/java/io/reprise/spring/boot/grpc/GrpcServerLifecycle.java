package io.reprise.spring.boot.grpc;

import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.worker.WorkersLifecycle;
import io.reprise.transport.grpc.GrpcEngineServer;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves the embedded engine over gRPC while the application runs ({@code reprise.server.grpc.enabled}): starts
 * after the application's own workers, stops before them (remote long polls answer at once, remote workers see
 * the engine go away), and before the engine closes. The port it listens on is published as
 * {@value #LOCAL_PORT_PROPERTY} (useful with port 0).
 */
public class GrpcServerLifecycle implements SmartLifecycle, DisposableBean {

    /** The property that holds the port the server listens on, once started. */
    public static final String LOCAL_PORT_PROPERTY = "local.reprise.server.grpc.port";
    /** Above the workers' phase: starts after them, stops before them. */
    public static final int PHASE = WorkersLifecycle.PHASE + 1024;

    private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);

    private final GrpcEngineServer server;
    private final ConfigurableEnvironment environment;
    private volatile boolean running;
    private volatile boolean stopped;

    public GrpcServerLifecycle(GrpcEngineServer server, ConfigurableEnvironment environment) {
        this.server = server;
        this.environment = environment;
    }

    @Override
    public void start() {
        if (running || stopped) {
            return; // a stopped server cannot serve again; a context restart starts every auto-startup bean
        }
        try {
            server.start();
        } catch (UncheckedIOException e) {
            throw RepriseStartupException.misconfigured("reprise.server.grpc.port", e.getMessage() + ".",
                    "Choose a free port with reprise.server.grpc.port (0 picks one), or stop the process that holds"
                            + " it; reprise.server.grpc.address must be an address of this host.", e);
        }
        running = true;
        environment.getPropertySources().addFirst(new MapPropertySource("reprise.server.grpc",
                Map.of(LOCAL_PORT_PROPERTY, server.port())));
        log.info("Reprise engine served over gRPC on {}:{}", server.address(), server.port());
    }

    @Override
    public void stop() {
        try {
            server.close();
        } finally {
            running = false;
            stopped = true;
        }
        log.info("Reprise gRPC server stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Keeps serving while a test context cache pauses the context: remote clients may still use it. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Releases what a server built but never started holds (a context that failed to start). */
    @Override
    public void destroy() {
        if (!stopped) {
            stop();
        }
    }

    /** The port the server listens on (the chosen one for port 0); only once started. */
    public int getPort() {
        return server.port();
    }
}
