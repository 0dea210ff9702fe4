package io.reprise.benchmark;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Counts the SQL statements and the commits that go through the JDBC connections it wraps (a
 * {@link DataSource} for PostgreSQL, each connection for SQLite), by the statement's first keyword.
 * A JDBC execute call is one statement (one round trip to a PostgreSQL server; a batch of {@code n}
 * parameter sets counts {@code n}); a commit is {@link Connection#commit()}, a {@code COMMIT}
 * statement, or a statement that writes ({@code INSERT}, {@code UPDATE}, {@code DELETE}) in auto-commit
 * mode outside a {@code BEGIN}, which the database commits on its own. The drivers' own implicit
 * {@code BEGIN}s are not seen. The wrappers are dynamic
 * proxies: a few hundred nanoseconds per JDBC call, on both stores alike.
 */
final class StatementCounter {

    private final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder statementNanos = new LongAdder();
    private final LongAdder executeCalls = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder commitCalls = new LongAdder();

    void reset() {
        statements.values().forEach(LongAdder::reset);
        commits.reset();
        rollbacks.reset();
        statementNanos.reset();
        executeCalls.reset();
        commitNanos.reset();
        commitCalls.reset();
    }

    /** Calls of {@link Connection#commit()} (the other commits are statements). */
    long commitCalls() {
        return commitCalls.sum();
    }

    /** JDBC execute calls: a call that sends a batch of statements counts once (one round trip on PostgreSQL). */
    long executeCalls() {
        return executeCalls.sum();
    }

    /** Time spent in JDBC execute calls (waiting for the database included), all connections together. */
    long statementNanos() {
        return statementNanos.sum();
    }

    /** Time spent in {@link Connection#commit()} (on PostgreSQL: a round trip and the server's WAL flush). */
    long commitNanos() {
        return commitNanos.sum();
    }

    long statements() {
        return statements.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long commits() {
        return commits.sum();
    }

    long rollbacks() {
        return rollbacks.sum();
    }

    /** Statements by their first keyword ({@code WITH} for the data-modifying ones), in name order. */
    Map<String, Long> byKind() {
        Map<String, Long> counts = new TreeMap<>();
        statements.forEach((kind, count) -> {
            if (count.sum() > 0) {
                counts.put(kind, count.sum());
            }
        });
        return counts;
    }

    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (target, method, args) -> {
            Object result = method.invoke(target, args);
            return method.getName().equals("getConnection") ? wrap((Connection) result) : result;
        });
    }

    /** Whether a connection is inside a transaction it began with a {@code BEGIN} statement in auto-commit mode. */
    private static final class TransactionState {
        volatile boolean begun;
    }

    Connection wrap(Connection connection) {
        TransactionState transaction = new TransactionState();
        return proxy(Connection.class, connection, (target, method, args) -> {
            long start = System.nanoTime();
            Object result = method.invoke(target, args);
            switch (method.getName()) {
                case "commit" -> {
                    commitNanos.add(System.nanoTime() - start);
                    commitCalls.increment();
                    commits.increment();
                }
                case "rollback" -> rollbacks.increment();
                case "createStatement" -> result = statement(Statement.class, (Statement) result, null,
                        (Connection) target, transaction);
                case "prepareStatement" -> result = statement(PreparedStatement.class, (PreparedStatement) result,
                        (String) args[0], (Connection) target, transaction);
                default -> {
                }
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S statement, String preparedSql, Connection connection,
            TransactionState transaction) {
        return proxy(type, statement, (target, method, args) -> {
            long start = System.nanoTime();
            Object result = method.invoke(target, args);
            String name = method.getName();
            if (name.startsWith("execute")) {
                statementNanos.add(System.nanoTime() - start);
                executeCalls.increment();
                boolean batch = name.equals("executeBatch") || name.equals("executeLargeBatch");
                String sql = args != null && args.length > 0 && args[0] instanceof String given ? given : preparedSql;
                long count = !batch ? 1 : result instanceof int[] ints ? ints.length : ((long[]) result).length;
                count(sql, count, connection, transaction);
            }
            return result;
        });
    }

    private void count(String sql, long count, Connection connection, TransactionState transaction)
            throws SQLException {
        String kind = sql == null ? "?" : firstWord(sql);
        statements.computeIfAbsent(kind, k -> new LongAdder()).add(count);
        if (kind.equals("BEGIN")) {
            transaction.begun = true;
        } else if (kind.equals("COMMIT") || kind.equals("END")) {
            transaction.begun = false;
            commits.add(count);
        } else if (kind.equals("ROLLBACK") && !sql.toUpperCase(Locale.ROOT).contains(" TO ")) {
            transaction.begun = false;
            rollbacks.add(count);
        } else if (!transaction.begun && WRITES.matcher(sql).find() && connection.getAutoCommit()) {
            commits.add(count);
        }
    }

    private static final Pattern WRITES = Pattern.compile("\\b(INSERT|UPDATE|DELETE)\\b", Pattern.CASE_INSENSITIVE);

    private static String firstWord(String sql) {
        String trimmed = sql.strip();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        String word = trimmed.substring(0, end).toUpperCase(Locale.ROOT);
        // PostgreSQL: the store writes with WITH (a transition, a start with history) and reads history with
        // WITH RECURSIVE; told apart, a history read is seen in the counts.
        return word.equals("WITH") && RECURSIVE.matcher(trimmed).lookingAt() ? "WITH RECURSIVE" : word;
    }

    private static final Pattern RECURSIVE = Pattern.compile("WITH\\s+RECURSIVE\\b", Pattern.CASE_INSENSITIVE);

    /** The call on the wrapped object, after any counting; returns what the caller gets. */
    @FunctionalInterface
    private interface Call {
        Object on(Object target, Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals" -> {
                    if (method.getParameterCount() == 1 && method.getDeclaringClass() == Object.class) {
                        return proxy == args[0];
                    }
                }
                case "hashCode" -> {
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                }
                default -> {
                }
            }
            try {
                return call.on(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
