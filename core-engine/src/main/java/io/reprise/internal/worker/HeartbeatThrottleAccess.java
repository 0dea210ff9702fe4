package io.reprise.internal.worker;

import io.reprise.worker.WorkerOptions;
import java.time.Duration;

/** The heartbeat throttle interval a worker with these options uses for an activity (for tests and docs). */
public final class HeartbeatThrottleAccess {

    private HeartbeatThrottleAccess() {
    }

    public static Duration interval(Duration heartbeatTimeout, WorkerOptions options) {
        return HeartbeatThrottle.interval(heartbeatTimeout, options.getDefaultHeartbeatThrottleInterval(),
                options.getMaxHeartbeatThrottleInterval());
    }
}
