package io.reprise.internal.worker;

import io.reprise.activity.ActivityExecutionContext;
import io.reprise.activity.ActivityInfo;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/** The context handed to a running activity (or local activity, whose heartbeats do nothing). */
final class ExecutionContextImpl implements ActivityExecutionContext {

    private final ActivityInfo info;
    private final DataConverter converter;
    /** {@code null} for a local activity. */
    private final HeartbeatThrottle throttle;
    private volatile List<Payload> lastDetails;
    private volatile boolean doNotCompleteOnReturn;

    ExecutionContextImpl(ActivityInfo info, DataConverter converter, HeartbeatThrottle throttle) {
        this.info = info;
        this.converter = converter;
        this.throttle = throttle;
        this.lastDetails = info.heartbeatDetails();
    }

    @Override
    public ActivityInfo getInfo() {
        return info;
    }

    @Override
    public void heartbeat(Object details) {
        if (throttle == null) {
            return;
        }
        List<Payload> payloads = details == null ? List.of() : List.of(converter.toPayload(details));
        lastDetails = payloads;
        throttle.heartbeat(payloads);
    }

    @Override
    public boolean hasHeartbeatDetails() {
        return !lastDetails.isEmpty();
    }

    @Override
    public <V> Optional<V> getHeartbeatDetails(Class<V> type) {
        return getHeartbeatDetails(type, type);
    }

    @Override
    public <V> Optional<V> getHeartbeatDetails(Class<V> type, Type genericType) {
        List<Payload> details = lastDetails;
        return details.isEmpty() ? Optional.empty()
                : Optional.ofNullable(converter.fromPayload(details.get(0), type, genericType));
    }

    @Override
    public void doNotCompleteOnReturn() {
        if (info.local()) {
            throw new UnsupportedOperationException("A local activity cannot be completed asynchronously; use a "
                    + "normal activity (Workflow.newActivityStub) for asynchronous completion");
        }
        doNotCompleteOnReturn = true;
    }

    @Override
    public boolean isDoNotCompleteOnReturn() {
        return doNotCompleteOnReturn;
    }

    void close() {
        if (throttle != null) {
            throttle.close();
        }
    }
}
