package io.reprise.internal.worker;

import io.reprise.activity.ActivityCanceledException;
import io.reprise.activity.ActivityCompletionException;
import io.reprise.client.ActivityNotFoundException;
import io.reprise.common.Payload;
import io.reprise.engine.api.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker-side heartbeat throttling, as the Temporal documents describe it: after sending a
 * heartbeat, start a timer for the throttle interval; heartbeats recorded meanwhile only replace
 * the stored details; when the timer fires, send the latest stored details (if any) and start the
 * timer again. A cancel request or a stale attempt learned from any send makes the next
 * {@link #heartbeat} throw. The timer runs on a {@link WorkerClock}, so tests drive it with a manual one.
 */
final class HeartbeatThrottle {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatThrottle.class);

    /** Sends details to the engine; returns whether cancellation was requested. */
    interface Sender extends Function<List<Payload>, Boolean> {
    }

    private final Duration interval;
    private final WorkerClock clock;
    private final Sender sender;
    private final String activityName;
    private boolean timerRunning;
    private boolean hasPending;
    private List<Payload> pending;
    private boolean closed;
    private WorkerClock.Timer timer;
    private volatile ActivityCompletionException failure;

    HeartbeatThrottle(Duration interval, WorkerClock clock, Sender sender, String activityName) {
        this.interval = interval;
        this.clock = clock;
        this.sender = sender;
        this.activityName = activityName;
    }

    /**
     * The throttle interval: min(0.8 × heartbeat timeout, or {@code defaultInterval} without one;
     * {@code maxInterval}).
     */
    static Duration interval(Duration heartbeatTimeout, Duration defaultInterval, Duration maxInterval) {
        Duration base = heartbeatTimeout != null && heartbeatTimeout.isPositive()
                ? Duration.ofNanos(heartbeatTimeout.toNanos() / 5 * 4) : defaultInterval;
        return base.compareTo(maxInterval) < 0 ? base : maxInterval;
    }

    Duration interval() {
        return interval;
    }

    void heartbeat(List<Payload> details) {
        throwIfFailed();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (timerRunning) {
                pending = details;
                hasPending = true;
                return;
            }
            timerRunning = true;
        }
        send(details);
        startTimer();
        throwIfFailed();
    }

    /** Stops the timer; details stored and not sent yet are dropped (the attempt is over). */
    synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void flush() {
        List<Payload> details;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!hasPending) {
                timerRunning = false;
                return;
            }
            details = pending;
            hasPending = false;
            pending = null;
        }
        send(details);
        startTimer();
    }

    private synchronized void startTimer() {
        if (!closed) {
            timer = clock.schedule(this::flush, interval.toNanos());
        }
    }

    private void send(List<Payload> details) {
        try {
            if (sender.apply(details)) {
                failure = new ActivityCanceledException("The workflow asked to cancel activity " + activityName
                        + "; clean up and let this exception propagate to report the cancellation");
            }
        } catch (EngineException e) {
            if (e.getCode() == EngineException.Code.NOT_FOUND) {
                failure = new ActivityNotFoundException("The heartbeat of activity " + activityName
                        + " was refused: " + e.getMessage() + "; stop working on it", e);
            } else {
                log.warn("Heartbeat of activity {} failed; the next one will be sent as usual", activityName, e);
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of activity {} failed; the next one will be sent as usual", activityName, e);
        }
    }

    private void throwIfFailed() {
        ActivityCompletionException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
