package io.reprise.failure;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import java.util.List;

/** A timeout fired; carries its {@link TimeoutType} and the last heartbeat details, if any. */
public final class TimeoutFailure extends RepriseFailure {

    private final TimeoutType timeoutType;
    private final List<Payload> lastHeartbeatDetails;
    private final transient DataConverter dataConverter;

    public TimeoutFailure(String message, TimeoutType timeoutType, List<Payload> lastHeartbeatDetails,
            DataConverter dataConverter, Throwable cause) {
        super("message='" + message + "', timeoutType=" + timeoutType, message, cause);
        this.timeoutType = timeoutType;
        this.lastHeartbeatDetails = lastHeartbeatDetails == null ? List.of() : List.copyOf(lastHeartbeatDetails);
        this.dataConverter = dataConverter;
    }

    public TimeoutType getTimeoutType() {
        return timeoutType;
    }

    /** Whether the timed-out attempt had recorded heartbeat details. */
    public boolean hasLastHeartbeatDetails() {
        return !lastHeartbeatDetails.isEmpty();
    }

    /** The raw last heartbeat details. */
    public List<Payload> getLastHeartbeatPayloads() {
        return lastHeartbeatDetails;
    }

    /** The last heartbeat details read as {@code type}, or {@code null} when there were none. */
    public <T> T getLastHeartbeatDetails(Class<T> type) {
        if (lastHeartbeatDetails.isEmpty()) {
            return null;
        }
        DataConverter converter = dataConverter == null ? DataConverter.getDefaultInstance() : dataConverter;
        return converter.fromPayload(lastHeartbeatDetails.get(0), type, type);
    }
}
