package io.reprise.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ReplayAwareLoggerTest {

    private final List<String> logged = new ArrayList<>();
    private final Logger recording = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getReturnType() == boolean.class) {
                    return true;
                }
                if (method.getReturnType() == void.class) {
                    logged.add(method.getName() + ":" + args[0]);
                }
                return null;
            });

    @Test
    void messagesAreDroppedWhileReplayingAndWrittenOtherwise() {
        AtomicBoolean replaying = new AtomicBoolean(true);
        Logger logger = ReplayAwareLogger.wrap(recording, replaying::get);

        logger.info("charged card {}", "c-1");
        assertThat(logger.isInfoEnabled()).isFalse();
        replaying.set(false);
        logger.info("shipped {}", "o-1");

        assertThat(logged).containsExactly("info:shipped {}");
        assertThat(logger.isInfoEnabled()).isTrue();
    }
}
