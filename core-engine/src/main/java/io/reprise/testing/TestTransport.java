package io.reprise.testing;

import io.reprise.engine.api.EngineService;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import java.util.Locale;

/**
 * How the test kit's client and workers reach its engine, chosen by the system property
 * {@value #PROPERTY}: {@code embedded} (the default: direct calls) or {@code grpc} (a {@link GrpcEngineServer}
 * on a loopback port in front of the engine, and a {@link GrpcEngineService} to it), so that a test suite can run
 * a second time over the remote transport without changing a test.
 */
enum TestTransport {

    EMBEDDED {
        @Override
        Connection connect(EngineService engine) {
            return new Connection(engine, () -> {
            });
        }
    },

    GRPC {
        @Override
        Connection connect(EngineService engine) {
            GrpcEngineServer server = GrpcEngineServer.newBuilder(engine).address("127.0.0.1").port(0).build().start();
            GrpcEngineService client = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port()).build();
            return new Connection(client, () -> {
                client.close();
                server.close();
            });
        }
    };

    /** The system property that chooses the transport of every test environment built afterwards. */
    static final String PROPERTY = "reprise.test.transport";

    /** What the client and workers call, and how to take it down (before the engine closes). */
    record Connection(EngineService service, Runnable close) {
    }

    abstract Connection connect(EngineService engine);

    /** The transport the system property names. */
    static TestTransport fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "embedded").trim();
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("System property " + PROPERTY + "=" + value + " names no transport;"
                    + " use embedded (the default) or grpc");
        }
    }
}
