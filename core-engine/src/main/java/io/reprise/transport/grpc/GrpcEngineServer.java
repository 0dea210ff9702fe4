package io.reprise.transport.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.proto.v1.EngineServiceGrpc;
import io.reprise.transport.grpc.security.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves an {@link EngineService} (the embedded engine) over gRPC: the service {@code reprise.engine.v1.EngineService}
 * of service.proto and the standard health service {@code grpc.health.v1.Health} (SERVING while the server runs,
 * for the whole server and for the engine's service name).
 *
 * <pre>{@code
 * GrpcEngineServer server = GrpcEngineServer.newBuilder(engine).address("127.0.0.1").port(7444).build().start();
 * ...
 * server.close(); // the engine is the caller's to close
 * }</pre>
 *
 * <p>Netty (shaded), one virtual thread per call (gRPC's own callbacks and the interceptors run on Netty's threads,
 * so an interceptor must not block); keepalive pings from clients allowed every 10 s, also without
 * calls; requests up to {@value #DEFAULT_MAX_INBOUND_MESSAGE_SIZE} bytes (a payload over the engine's own limit,
 * 2 MiB by default, reaches the engine and is refused with {@code INVALID_ARGUMENT} naming it); connections closed
 * gracefully after about 5 minutes so that clients spread over the nodes behind one address. Security (TLS, mTLS,
 * tokens) plugs in through {@link Builder#credentials} and {@link Builder#interceptor}.
 */
public final class GrpcEngineServer implements AutoCloseable {

    /** The port a server listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 7444;
    /** The address a server binds to unless told otherwise: loopback, reachable from this host only. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** The largest request a server reads: 16 MiB, room for several payloads at the engine's 2 MiB limit. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** The fully qualified name of the engine's service, also its name in the health service. */
    public static final String SERVICE_NAME = EngineServiceGrpc.SERVICE_NAME;

    private final Server server;
    private final EngineGrpcService service;
    private final HealthStatusManager health;
    private final ExecutorService executor;
    private final Duration shutdownGracePeriod;
    private final String address;

    private GrpcEngineServer(Builder b) {
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("reprise-grpc-", 0).factory());
        this.health = new HealthStatusManager();
        this.shutdownGracePeriod = b.shutdownGracePeriod;
        this.address = b.address;
        this.service = new EngineGrpcService(b.engine, executor);
        NettyServerBuilder netty = NettyServerBuilder.forAddress(new InetSocketAddress(b.address, b.port),
                        b.credentials)
                // gRPC's callbacks run on Netty's threads, and each engine call on a virtual thread of its own
                // (EngineGrpcService): with an executor here, gRPC would start a virtual thread for each batch of
                // callbacks, several per call.
                .directExecutor()
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxInboundMessageSize(b.maxInboundMessageSize)
                .maxConnectionAge(b.maxConnectionAge.toNanos(), TimeUnit.NANOSECONDS)
                .maxConnectionAgeGrace(b.maxConnectionAgeGrace.toNanos(), TimeUnit.NANOSECONDS)
                .addService(ServerInterceptors.intercept(service, b.interceptors))
                .addService(health.getHealthService());
        b.customizers.forEach(customizer -> customizer.accept(netty));
        this.server = netty.build();
    }

    /** A builder of a server over {@code engine}. */
    public static Builder newBuilder(EngineService engine) {
        return new Builder(engine);
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound, naming the address and the fix
     */
    public GrpcEngineServer start() {
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Could not serve the Reprise engine on " + address + ":"
                    + portDescription() + ": " + e.getMessage() + "; choose a free port (or 0 for any) and an"
                    + " address of this host", e);
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(SERVICE_NAME, ServingStatus.SERVING);
        return this;
    }

    private String portDescription() {
        try {
            return String.valueOf(server.getPort());
        } catch (IllegalStateException notBound) {
            return "?";
        }
    }

    /** The port it listens on (the one the system chose when built with port 0). */
    public int port() {
        return server.getPort();
    }

    /** The address it listens on, as given to the builder. */
    public String address() {
        return address;
    }

    /**
     * Stops serving: health turns NOT_SERVING, new calls are refused, long polls in progress answer at once as if
     * their wait had ended (a poll: no task; its worker polls again and finds the server gone), other calls get the
     * grace period to end and are then cancelled. Does not close the engine.
     */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        service.stopWaiting();
        try {
            if (!server.awaitTermination(shutdownGracePeriod.toNanos(), TimeUnit.NANOSECONDS)) {
                server.shutdownNow();
                server.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "GrpcEngineServer[" + address + ":" + portDescription() + "]";
    }

    /** Builds a {@link GrpcEngineServer}; every setting has a default. */
    public static final class Builder {

        private final EngineService engine;
        private String address = DEFAULT_ADDRESS;
        private int port = DEFAULT_PORT;
        private ServerCredentials credentials = InsecureServerCredentials.create();
        private boolean allowPlaintext;
        private final List<ServerInterceptor> interceptors = new ArrayList<>();
        private final List<Consumer<NettyServerBuilder>> customizers = new ArrayList<>();
        private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
        private Duration maxConnectionAge = Duration.ofMinutes(5);
        private Duration maxConnectionAgeGrace = Duration.ofMinutes(2);
        private Duration shutdownGracePeriod = Duration.ofSeconds(1);

        private Builder(EngineService engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** The address to bind to: a host name or IP literal of this host; default {@value #DEFAULT_ADDRESS}. */
        public Builder address(String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("The server's address must not be blank; use 127.0.0.1 for this"
                        + " host only, or 0.0.0.0 for every interface");
            }
            this.address = address;
            return this;
        }

        /** The port, 0 to 65535 (0: any free port, see {@link #port()}); default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("The server's port must be 0 to 65535 (0: any free port), got "
                        + port);
            }
            this.port = port;
            return this;
        }

        /** The transport security: plaintext ({@link InsecureServerCredentials}) by default, or TLS credentials. */
        public Builder credentials(ServerCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Whether plaintext (no TLS) may be served on an address other hosts reach; default {@code false}: such a
         * server refuses to build. Loopback addresses may always serve plaintext.
         */
        public Builder allowPlaintext(boolean allowPlaintext) {
            this.allowPlaintext = allowPlaintext;
            return this;
        }

        /**
         * Adds an interceptor of the engine's calls (authentication, metrics, logging); the interceptor added last
         * sees a call first. The health service is not intercepted. Interceptors run on the transport's threads:
         * one that waits (for a remote token check, say) must hand its work to a thread of its own.
         */
        public Builder interceptor(ServerInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** The largest request the server reads, in bytes; default 16 MiB. */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxInboundMessageSize must be positive, got " + bytes);
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        /**
         * How long a connection serves new calls before the server asks the client to reconnect (clients then spread
         * over the nodes behind one address), default 5 minutes; and how long its calls in progress may still run
         * then, default 2 minutes (longer than any long poll's hold; an update waiting longer ends
         * {@code UNAVAILABLE} and the client asks again with the same update id).
         */
        public Builder maxConnectionAge(Duration age, Duration grace) {
            this.maxConnectionAge = positive(age, "maxConnectionAge");
            this.maxConnectionAgeGrace = positive(grace, "maxConnectionAgeGrace");
            return this;
        }

        /** How long {@link #close()} lets calls in progress end before cancelling them; default 1 s. */
        public Builder shutdownGracePeriod(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGracePeriod must be zero or positive, got " + grace);
            }
            this.shutdownGracePeriod = grace;
            return this;
        }

        /** Changes the Netty server builder after the settings above are applied (for what they do not cover). */
        public Builder customize(Consumer<NettyServerBuilder> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * The server, not started yet ({@link #start()}).
         *
         * @throws IllegalStateException for plaintext on an address other hosts reach, unless allowed
         */
        public GrpcEngineServer build() {
            if (credentials instanceof InsecureServerCredentials && !allowPlaintext
                    && !Loopback.isLoopbackAddress(address)) {
                throw new IllegalStateException("The Reprise engine's gRPC server would serve plaintext (no TLS) on "
                        + address + ", which other hosts can reach; configure TLS (credentials; Spring Boot:"
                        + " reprise.server.grpc.tls.*), bind to 127.0.0.1, or allow plaintext explicitly if the"
                        + " network is trusted (allowPlaintext; Spring Boot: reprise.server.grpc.allow-plaintext)");
            }
            return new GrpcEngineServer(this);
        }

        private static Duration positive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
