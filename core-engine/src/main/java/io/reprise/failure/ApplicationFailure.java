package io.reprise.failure;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A failure raised by user code, with a {@link #getType() type} that retry policies match on.
 * Exceptions thrown by activities are converted into an {@code ApplicationFailure} whose type is
 * the exception's class name, so {@code RetryOptions} non-retryable types match them.
 */
public final class ApplicationFailure extends RepriseFailure {

    private final String type;
    private final boolean nonRetryable;
    private final List<Payload> details;
    private transient DataConverter dataConverter;
    private final Object[] rawDetails;

    private ApplicationFailure(String message, String type, boolean nonRetryable, Object[] rawDetails,
            List<Payload> details, DataConverter converter, Throwable cause) {
        super(decorate(message, type, nonRetryable), message, cause);
        this.type = type;
        this.nonRetryable = nonRetryable;
        this.rawDetails = rawDetails;
        this.details = details;
        this.dataConverter = converter;
    }

    /** A retryable failure of the given type; {@code details} are serialized with the data converter. */
    public static ApplicationFailure newFailure(String message, String type, Object... details) {
        return new ApplicationFailure(message, type, false, details, null, null, null);
    }

    /** Like {@link #newFailure} with a cause. */
    public static ApplicationFailure newFailureWithCause(String message, String type, Throwable cause,
            Object... details) {
        return new ApplicationFailure(message, type, false, details, null, null, cause);
    }

    /** A failure that no retry policy retries. */
    public static ApplicationFailure newNonRetryableFailure(String message, String type, Object... details) {
        return new ApplicationFailure(message, type, true, details, null, null, null);
    }

    /** Like {@link #newNonRetryableFailure} with a cause. */
    public static ApplicationFailure newNonRetryableFailureWithCause(String message, String type, Throwable cause,
            Object... details) {
        return new ApplicationFailure(message, type, true, details, null, null, cause);
    }

    /** Rebuilds a failure read from history; used by the SDK. */
    public static ApplicationFailure fromRecorded(String message, String type, boolean nonRetryable,
            List<Payload> details, DataConverter converter, Throwable cause) {
        return new ApplicationFailure(message, type, nonRetryable, null, List.copyOf(details), converter, cause);
    }

    public String getType() {
        return type;
    }

    public boolean isNonRetryable() {
        return nonRetryable;
    }

    /** Whether details were attached. */
    public boolean hasDetails() {
        return (details != null && !details.isEmpty()) || (rawDetails != null && rawDetails.length > 0);
    }

    /** The details serialized with {@code converter}; used by the SDK when recording the failure. */
    public List<Payload> serializedDetails(DataConverter converter) {
        if (details != null) {
            return details;
        }
        return rawDetails == null ? List.of() : converter.toPayloads(rawDetails);
    }

    /** The first detail value, read as {@code detailsClass}. */
    public <T> T getDetails(Class<T> detailsClass) {
        return getDetails(0, detailsClass, detailsClass);
    }

    /** The detail value at {@code index}, read as {@code type}. */
    @SuppressWarnings("unchecked")
    public <T> T getDetails(int index, Class<T> detailsClass, Type type) {
        if (details == null) {
            if (rawDetails == null || index >= rawDetails.length) {
                return null;
            }
            return (T) rawDetails[index];
        }
        if (index >= details.size()) {
            return null;
        }
        DataConverter converter = dataConverter == null ? DataConverter.getDefaultInstance() : dataConverter;
        return converter.fromPayload(details.get(index), detailsClass, type);
    }

    private static String decorate(String message, String type, boolean nonRetryable) {
        return "message='" + message + "', type='" + type + "', nonRetryable=" + nonRetryable;
    }
}
