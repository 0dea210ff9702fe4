package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads on pooled connections, one of which the server dropped while it was idle. */
class PooledReadAccessTest {

    /** Connections that do nothing but count closes; which one a read ran on is told by its session. */
    private final List<Connection> opened = new ArrayList<>();
    private final List<Connection> closed = new ArrayList<>();
    private final PooledReadAccess access = new PooledReadAccess(2, () -> {
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed.add(self[0]);
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "connection " + opened.indexOf(proxy);
                    default -> method.getReturnType() == boolean.class ? false : null;
                });
        opened.add(self[0]);
        return self[0];
    });

    @Test
    void aReadThatFailsOnAKeptConnectionRunsOnceMoreOnANewOne() throws Exception {
        Connection kept = access.<Connection>read(ReadSession::connection);
        assertThat((Object) kept).isSameAs(first());
        Connection dropped = first();

        Connection usedAfter = access.<Connection>read(session -> {
            if (session.connection() == dropped) {
                throw new SQLException("This connection has been closed.");
            }
            return session.connection();
        });

        assertThat(opened).hasSize(2);
        assertThat((Object) usedAfter).isSameAs(opened.get(1));
        assertThat(closed).containsExactly(dropped);
        // The new connection is kept for the next read.
        Connection next = access.<Connection>read(ReadSession::connection);
        assertThat((Object) next).isSameAs(opened.get(1));
    }

    @Test
    void aReadThatFailsOnANewConnectionIsNotRepeated() {
        int[] tries = new int[1];

        assertThatThrownBy(() -> access.read(session -> {
            tries[0]++;
            throw new SQLException("syntax error");
        })).isInstanceOf(SQLException.class).hasMessage("syntax error");

        assertThat(tries[0]).isEqualTo(1);
        assertThat(closed).containsExactly(first());
    }

    private Connection first() {
        return opened.get(0);
    }
}
