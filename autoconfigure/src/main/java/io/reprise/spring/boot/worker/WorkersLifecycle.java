package io.reprise.spring.boot.worker;

import io.reprise.worker.WorkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the workers once the application context is refreshed (every bean exists and every
 * implementation is registered) and drains them when it closes: polling stops, in-flight tasks
 * get each worker's graceful stop timeout to finish, and only then are the beans, the engine
 * included, destroyed.
 *
 * <p>Its phase is below the web server's, so on shutdown the web server stops taking requests
 * first, then the workers drain.
 *
 * <p>It does not take part in a context pause (Spring's test context cache pauses a context no test
 * uses at the moment and restarts it later): a worker that drained cannot start again, and an idle
 * worker only waits in long polls, so the workers keep running until the context closes.
 */
public class WorkersLifecycle implements SmartLifecycle {

    /** Below the web server's phases ({@code DEFAULT_PHASE - 2048} and {@code - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(WorkersLifecycle.class);

    private final WorkerFactory workerFactory;
    private volatile boolean running;

    public WorkersLifecycle(WorkerFactory workerFactory) {
        this.workerFactory = workerFactory;
    }

    @Override
    public void start() {
        if (running) {
            return;   // a context restart starts every auto-startup bean, running or not
        }
        workerFactory.start();
        running = true;
        log.debug("Reprise workers started");
    }

    @Override
    public void stop() {
        long start = System.nanoTime();
        try {
            workerFactory.shutdown();
        } finally {
            running = false;
        }
        log.info("Reprise workers stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
