package io.reprise.internal.replay;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;
import org.slf4j.spi.NOPLoggingEventBuilder;

/** A logger that stays silent while workflow code is replaying, so each message is logged once. */
final class ReplayAwareLogger {

    private ReplayAwareLogger() {
    }

    static Logger wrap(Logger delegate, BooleanSupplier replaying) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(delegate, args);
                    }
                    if (replaying.getAsBoolean()) {
                        if (method.getReturnType() == boolean.class) {
                            return false;
                        }
                        if (method.getReturnType() == void.class) {
                            return null;
                        }
                        if (method.getReturnType() == LoggingEventBuilder.class) {
                            return NOPLoggingEventBuilder.singleton();
                        }
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
