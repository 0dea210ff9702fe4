package io.reprise.engine.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.proto.v1.ActivityFailureInfo;
import io.reprise.engine.proto.v1.ChildWorkflowFailureInfo;
import io.reprise.engine.proto.v1.MetadataEntry;
import io.reprise.engine.proto.v1.PayloadEntry;
import io.reprise.engine.proto.v1.Payloads;
import io.reprise.engine.proto.v1.PayloadsEntry;
import io.reprise.engine.proto.v1.SearchAttributeEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Converts the values every engine message is made of (payloads, failures, retry policies, search attribute
 * values, durations and instants) to their proto v1 messages and back.
 *
 * <p>Conventions of every mapper in this package: {@code toProto(x)} of {@code null} is {@code null}, and a
 * caller sets a message field only when the value is not null; {@code fromProto(present, m)}
 * is {@code null} when the field is not present. So {@code null} round-trips as "not set", and an empty list
 * or map as an empty one (the Java records turn a {@code null} list into an empty one themselves). Durations
 * and instants keep their nanoseconds.
 */
public final class CommonMapper {

    /** The metadata key of a payload's encoding. */
    public static final String ENCODING = "encoding";

    /** Encodings are few; a bound keeps a stream of made-up ones from filling the cache. */
    private static final int MAX_CACHED_ENCODINGS = 64;
    private static final Map<String, MetadataEntry> ENCODINGS = new ConcurrentHashMap<>();

    private CommonMapper() {
    }

    /**
     * Calls {@code setter} with {@code value} unless it is {@code null}. Not for what the engine writes on every
     * transition (this class, {@code EventAttributesMapper}, {@code RunSnapshotMapper}): there each field is an
     * {@code if}, because every {@code b::setX} is a class of its own with an object per call, and the JIT's
     * compilations of those mappers were a quarter to a third smaller without them (issue 14: over half the
     * CPU of an application's first thousands of workflows goes to the JIT).
     */
    public static <T> void ifSet(T value, Consumer<? super T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** {@code value} when the field is present, else {@code null} (for optional strings). */
    public static String string(boolean present, String value) {
        return present ? value : null;
    }

    // --- durations and instants

    /**
     * A duration in the canonical proto form: seconds and nanos of the same sign ({@code java.time} keeps
     * nanos positive, so -1.5 s is -2 s + 0.5e9 ns there and -1 s - 0.5e9 ns here).
     */
    public static com.google.protobuf.Duration toProto(Duration duration) {
        if (duration == null) {
            return null;
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (seconds < 0 && nanos > 0) {
            seconds++;
            nanos -= 1_000_000_000;
        }
        return com.google.protobuf.Duration.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    public static Duration fromProto(boolean present, com.google.protobuf.Duration duration) {
        return present ? Duration.ofSeconds(duration.getSeconds(), duration.getNanos()) : null;
    }

    public static Timestamp toProto(Instant instant) {
        return instant == null ? null
                : Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant fromProto(boolean present, Timestamp timestamp) {
        return present ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()) : null;
    }

    // --- payloads

    public static io.reprise.engine.proto.v1.Payload toProto(Payload payload) {
        if (payload == null) {
            return null;
        }
        // No copy of the bytes: a Payload's data is never changed once made (the engine and the SDK treat it as
        // immutable), and payloads go into every stored batch.
        io.reprise.engine.proto.v1.Payload.Builder proto = io.reprise.engine.proto.v1.Payload.newBuilder()
                .addMetadata(encodingEntry(payload.encoding()))
                .setData(UnsafeByteOperations.unsafeWrap(payload.data()));
        // metadata() hands out copies, which the message may then hold without copying again.
        payload.metadata().forEach((key, value) -> proto.addMetadata(
                MetadataEntry.newBuilder().setKey(key).setValue(UnsafeByteOperations.unsafeWrap(value))));
        return proto.build();
    }

    /**
     * The encoding's metadata entry, made once per encoding: a few encodings (json/plain, binary/null, …) are in
     * every payload of every batch the store writes.
     */
    private static MetadataEntry encodingEntry(String encoding) {
        MetadataEntry entry = ENCODINGS.get(encoding);
        if (entry == null) {
            entry = MetadataEntry.newBuilder().setKey(ENCODING).setValue(ByteString.copyFromUtf8(encoding)).build();
            if (ENCODINGS.size() < MAX_CACHED_ENCODINGS) {
                ENCODINGS.putIfAbsent(encoding, entry);
            }
        }
        return entry;
    }

    public static Payload fromProto(boolean present, io.reprise.engine.proto.v1.Payload payload) {
        return present ? fromProto(payload) : null;
    }

    /**
     * The payload of a message, with all of its metadata: {@code encoding} as the encoding, every other key in
     * {@link Payload#metadata()}.
     *
     * @throws IllegalArgumentException when it has no encoding
     */
    public static Payload fromProto(io.reprise.engine.proto.v1.Payload payload) {
        if (payload.getMetadataCount() == 1 && payload.getMetadata(0).getKey().equals(ENCODING)) {
            return new Payload(payload.getMetadata(0).getValue().toStringUtf8(), payload.getData().toByteArray());
        }
        // As for a map field: the last entry of a key wins.
        ByteString encoding = null;
        Map<String, byte[]> metadata = new TreeMap<>();
        for (MetadataEntry entry : payload.getMetadataList()) {
            if (entry.getKey().equals(ENCODING)) {
                encoding = entry.getValue();
            } else {
                metadata.put(entry.getKey(), entry.getValue().toByteArray());
            }
        }
        if (encoding == null) {
            throw new IllegalArgumentException("A payload has no \"" + ENCODING + "\" metadata (its keys: "
                    + metadata.keySet() + "); every payload names its encoding, e.g. json/plain");
        }
        return new Payload(encoding.toStringUtf8(), payload.getData().toByteArray(), metadata);
    }

    public static List<io.reprise.engine.proto.v1.Payload> payloadsToProto(List<Payload> payloads) {
        return map(payloads, CommonMapper::toProto);
    }

    public static List<Payload> payloadsFromProto(List<io.reprise.engine.proto.v1.Payload> payloads) {
        return map(payloads, CommonMapper::fromProto);
    }

    /** The entries of a map of payloads (a header, a memo), in its order. */
    public static List<PayloadEntry> payloadMapToProto(Map<String, Payload> payloads) {
        List<PayloadEntry> entries = new ArrayList<>(payloads.size());
        payloads.forEach((key, value) -> entries.add(
                PayloadEntry.newBuilder().setKey(key).setValue(toProto(value)).build()));
        return entries;
    }

    /** A map of payloads in the order of its entries; the last entry of a key wins, as for a map field. */
    public static Map<String, Payload> payloadMapFromProto(List<PayloadEntry> entries) {
        Map<String, Payload> payloads = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
        for (PayloadEntry entry : entries) {
            payloads.put(entry.getKey(), fromProto(entry.getValue()));
        }
        return payloads;
    }

    /** Lists of payloads by name (a marker's details). */
    public static List<PayloadsEntry> payloadListMapToProto(Map<String, List<Payload>> details) {
        List<PayloadsEntry> entries = new ArrayList<>(details.size());
        details.forEach((key, list) -> entries.add(PayloadsEntry.newBuilder().setKey(key)
                .setValue(Payloads.newBuilder().addAllPayloads(payloadsToProto(list))).build()));
        return entries;
    }

    public static Map<String, List<Payload>> payloadListMapFromProto(List<PayloadsEntry> entries) {
        Map<String, List<Payload>> details = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
        for (PayloadsEntry entry : entries) {
            details.put(entry.getKey(), payloadsFromProto(entry.getValue().getPayloadsList()));
        }
        return details;
    }

    // --- failures

    public static io.reprise.engine.proto.v1.Failure toProto(Failure failure) {
        if (failure == null) {
            return null;
        }
        io.reprise.engine.proto.v1.Failure.Builder b = io.reprise.engine.proto.v1.Failure.newBuilder()
                .setKind(ProtoEnums.FAILURE_KINDS.toProto(failure.kind()))
                .setMessage(failure.message())
                .setNonRetryable(failure.nonRetryable())
                .setTimeoutType(ProtoEnums.TIMEOUT_TYPES.toProto(failure.timeoutType()))
                .setStackTrace(failure.stackTrace());
        if (!failure.details().isEmpty()) {
            b.addAllDetails(payloadsToProto(failure.details()));
        }
        if (failure.type() != null) {
            b.setType(failure.type());
        }
        if (failure.activity() != null) {
            b.setActivity(toProto(failure.activity()));
        }
        if (failure.cause() != null) {
            b.setCause(toProto(failure.cause()));
        }
        if (failure.childWorkflow() != null) {
            b.setChildWorkflow(toProto(failure.childWorkflow()));
        }
        return b.build();
    }

    public static Failure fromProto(boolean present, io.reprise.engine.proto.v1.Failure failure) {
        return present ? fromProto(failure) : null;
    }

    public static Failure fromProto(io.reprise.engine.proto.v1.Failure f) {
        return new Failure(
                ProtoEnums.FAILURE_KINDS.fromProto(f.getKindValue()),
                f.getMessage(),
                string(f.hasType(), f.getType()),
                f.getNonRetryable(),
                payloadsFromProto(f.getDetailsList()),
                ProtoEnums.TIMEOUT_TYPES.fromProto(f.getTimeoutTypeValue()),
                f.hasActivity() ? fromProto(f.getActivity()) : null,
                f.getStackTrace(),
                fromProto(f.hasCause(), f.getCause()),
                f.hasChildWorkflow() ? fromProto(f.getChildWorkflow()) : null);
    }

    private static ActivityFailureInfo toProto(Failure.ActivityInfo activity) {
        if (activity == null) {
            return null;
        }
        ActivityFailureInfo.Builder b = ActivityFailureInfo.newBuilder()
                .setScheduledEventId(activity.scheduledEventId())
                .setStartedEventId(activity.startedEventId())
                .setRetryState(ProtoEnums.RETRY_STATES.toProto(activity.retryState()));
        if (activity.activityType() != null) {
            b.setActivityType(activity.activityType());
        }
        if (activity.activityId() != null) {
            b.setActivityId(activity.activityId());
        }
        if (activity.identity() != null) {
            b.setIdentity(activity.identity());
        }
        return b.build();
    }

    private static Failure.ActivityInfo fromProto(ActivityFailureInfo a) {
        return new Failure.ActivityInfo(a.getScheduledEventId(), a.getStartedEventId(),
                string(a.hasActivityType(), a.getActivityType()), string(a.hasActivityId(), a.getActivityId()),
                string(a.hasIdentity(), a.getIdentity()), ProtoEnums.RETRY_STATES.fromProto(a.getRetryStateValue()));
    }

    private static ChildWorkflowFailureInfo toProto(Failure.ChildWorkflowInfo child) {
        if (child == null) {
            return null;
        }
        ChildWorkflowFailureInfo.Builder b = ChildWorkflowFailureInfo.newBuilder()
                .setInitiatedEventId(child.initiatedEventId())
                .setStartedEventId(child.startedEventId())
                .setRetryState(ProtoEnums.RETRY_STATES.toProto(child.retryState()));
        if (child.workflowId() != null) {
            b.setWorkflowId(child.workflowId());
        }
        if (child.runId() != null) {
            b.setRunId(child.runId());
        }
        if (child.workflowType() != null) {
            b.setWorkflowType(child.workflowType());
        }
        return b.build();
    }

    private static Failure.ChildWorkflowInfo fromProto(ChildWorkflowFailureInfo c) {
        return new Failure.ChildWorkflowInfo(string(c.hasWorkflowId(), c.getWorkflowId()),
                string(c.hasRunId(), c.getRunId()), string(c.hasWorkflowType(), c.getWorkflowType()),
                c.getInitiatedEventId(), c.getStartedEventId(),
                ProtoEnums.RETRY_STATES.fromProto(c.getRetryStateValue()));
    }

    // --- retry policies

    public static io.reprise.engine.proto.v1.RetryPolicy toProto(RetryPolicy policy) {
        if (policy == null) {
            return null;
        }
        io.reprise.engine.proto.v1.RetryPolicy.Builder b = io.reprise.engine.proto.v1.RetryPolicy.newBuilder()
                .setBackoffCoefficient(policy.backoffCoefficient())
                .setMaximumAttempts(policy.maximumAttempts());
        if (!policy.nonRetryableErrorTypes().isEmpty()) {
            b.addAllNonRetryableErrorTypes(policy.nonRetryableErrorTypes());
        }
        if (policy.initialInterval() != null) {
            b.setInitialInterval(toProto(policy.initialInterval()));
        }
        if (policy.maximumInterval() != null) {
            b.setMaximumInterval(toProto(policy.maximumInterval()));
        }
        return b.build();
    }

    public static RetryPolicy fromProto(boolean present, io.reprise.engine.proto.v1.RetryPolicy p) {
        if (!present) {
            return null;
        }
        return new RetryPolicy(fromProto(p.hasInitialInterval(), p.getInitialInterval()), p.getBackoffCoefficient(),
                fromProto(p.hasMaximumInterval(), p.getMaximumInterval()), p.getMaximumAttempts(),
                p.getNonRetryableErrorTypesList());
    }

    // --- search attributes

    public static io.reprise.engine.proto.v1.SearchAttributeValue toProto(SearchAttributeValue value) {
        io.reprise.engine.proto.v1.SearchAttributeValue.Builder b =
                io.reprise.engine.proto.v1.SearchAttributeValue.newBuilder();
        switch (value.type()) {
            case KEYWORD -> b.setKeywordValue((String) value.value());
            case TEXT -> b.setTextValue((String) value.value());
            case INT -> b.setIntValue((Long) value.value());
            case DOUBLE -> b.setDoubleValue((Double) value.value());
            case BOOL -> b.setBoolValue((Boolean) value.value());
            case DATETIME -> b.setDatetimeValue(toProto((Instant) value.value()));
        }
        return b.build();
    }

    /** @throws IllegalArgumentException when no value is set (or one of a type this build does not know) */
    public static SearchAttributeValue fromProto(io.reprise.engine.proto.v1.SearchAttributeValue v) {
        return switch (v.getValueCase()) {
            case KEYWORD_VALUE -> new SearchAttributeValue(SearchAttributeType.KEYWORD, v.getKeywordValue());
            case TEXT_VALUE -> new SearchAttributeValue(SearchAttributeType.TEXT, v.getTextValue());
            case INT_VALUE -> new SearchAttributeValue(SearchAttributeType.INT, v.getIntValue());
            case DOUBLE_VALUE -> new SearchAttributeValue(SearchAttributeType.DOUBLE, v.getDoubleValue());
            case BOOL_VALUE -> new SearchAttributeValue(SearchAttributeType.BOOL, v.getBoolValue());
            case DATETIME_VALUE -> new SearchAttributeValue(SearchAttributeType.DATETIME,
                    fromProto(true, v.getDatetimeValue()));
            case VALUE_NOT_SET -> throw new IllegalArgumentException(v.getUnknownFields().asMap().isEmpty()
                    ? "A search attribute value has no value set"
                    : "A search attribute value is of a type this build of Reprise does not know (field "
                            + v.getUnknownFields().asMap().keySet() + "): it was written by a newer one");
        };
    }

    public static List<SearchAttributeEntry> searchAttributesToProto(Map<String, SearchAttributeValue> attributes) {
        List<SearchAttributeEntry> entries = new ArrayList<>(attributes.size());
        attributes.forEach((key, value) -> entries.add(
                SearchAttributeEntry.newBuilder().setKey(key).setValue(toProto(value)).build()));
        return entries;
    }

    /** Search attributes in the order of their entries; the last entry of a key wins, as for a map field. */
    public static Map<String, SearchAttributeValue> searchAttributesFromProto(List<SearchAttributeEntry> entries) {
        Map<String, SearchAttributeValue> attributes = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
        for (SearchAttributeEntry entry : entries) {
            attributes.put(entry.getKey(), fromProto(entry.getValue()));
        }
        return attributes;
    }

    // --- collections

    static <J, P> List<P> map(List<J> values, Function<J, P> mapper) {
        List<P> mapped = new ArrayList<>(values.size());
        for (J value : values) {
            mapped.add(mapper.apply(value));
        }
        return mapped;
    }
}
