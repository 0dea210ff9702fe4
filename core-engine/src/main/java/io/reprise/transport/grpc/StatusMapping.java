package io.reprise.transport.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.NotOwnerException;
import java.nio.channels.ClosedChannelException;

/**
 * The engine's errors as gRPC statuses and back. An {@link EngineException} travels as the status of the same
 * name ({@link EngineException.Code} mirrors gRPC's codes) with its message as the description, so a remote caller
 * gets what an embedded one would. Statuses the engine never sends (the transport's own: {@code UNKNOWN},
 * {@code ABORTED}, {@code UNIMPLEMENTED}, …) map to the nearest code a caller acts on.
 *
 * <p>A {@link NotOwnerException} (a cluster node refusing a call about a run of a shard it does not own) travels as
 * {@code UNAVAILABLE} with two trailers, {@value #SHARD_KEY} (the shard) and {@value #OWNER_KEY} (the owner as the
 * refusing node knows it, absent when it knows none), and is read back as a {@code NotOwnerException}, so that the
 * node that forwarded the call recognises a wrong guess. A caller that ignores the trailers sees an
 * {@code UNAVAILABLE} it may retry.
 */
final class StatusMapping {

    /** The trailer naming the shard of a {@link NotOwnerException}. */
    static final String SHARD_KEY = "reprise-not-owner-shard";
    /** The trailer naming the owner of the shard of a {@link NotOwnerException}. */
    static final String OWNER_KEY = "reprise-shard-owner";

    private static final Metadata.Key<String> SHARD = Metadata.Key.of(SHARD_KEY, Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> OWNER = Metadata.Key.of(OWNER_KEY, Metadata.ASCII_STRING_MARSHALLER);

    private StatusMapping() {
    }

    /** The status and trailers a server answers for what a handler threw. */
    static StatusRuntimeException toStatusException(Throwable error) {
        Status status = toStatus(error);
        if (error instanceof NotOwnerException notOwner) {
            Metadata trailers = new Metadata();
            trailers.put(SHARD, Integer.toString(notOwner.shard()));
            notOwner.ownerNodeId().ifPresent(owner -> trailers.put(OWNER, owner));
            return status.asRuntimeException(trailers);
        }
        return status.asRuntimeException();
    }

    /** The status a server answers for what a handler threw. */
    static Status toStatus(Throwable error) {
        if (error instanceof EngineException e) {
            return Status.fromCode(Status.Code.valueOf(e.getCode().name())).withDescription(e.getMessage());
        }
        if (error instanceof IllegalArgumentException) {
            // What the request's messages cannot be made of (an enum value of a newer client, a payload without
            // its encoding, a null key), found while reading them: the caller's to fix, as the engine's refusals.
            return Status.INVALID_ARGUMENT.withDescription(error.getMessage());
        }
        return Status.INTERNAL.withDescription("The Reprise engine failed on this call: " + error);
    }

    /**
     * The engine error a client throws for a failed call.
     *
     * @param call the call's name, for messages of the transport's own failures
     * @param target where the engine was called
     */
    static EngineException toEngineException(StatusRuntimeException error, String call, String target) {
        Status status = error.getStatus();
        EngineException.Code code = code(status.getCode());
        String description = status.getDescription();
        String message = switch (status.getCode()) {
            case UNAVAILABLE -> isFromTransport(status)
                    ? "The Reprise engine at " + target + " is unavailable (" + description(status)
                            + "); calls succeed again once it is reachable"
                    : description;
            case DEADLINE_EXCEEDED -> isFromTransport(status) || isClientDeadline(description)
                    ? "The Reprise engine at " + target + " did not answer " + call + " within the call's deadline ("
                            + description(status) + ")"
                    : description;
            case CANCELLED -> Thread.currentThread().isInterrupted()
                    ? "Interrupted while calling " + call + " on the Reprise engine at " + target
                            + "; whether it took effect is unknown"
                    : isFromTransport(status) || description.startsWith("RST_STREAM")
                            ? "The call " + call + " to the Reprise engine at " + target + " was cancelled ("
                                    + description(status) + "); whether it took effect is unknown"
                            : description;
            case UNIMPLEMENTED -> "The Reprise engine at " + target + " does not offer " + call + " ("
                    + description(status) + "): it runs an older release; upgrade the server";
            case UNKNOWN, DATA_LOSS, ABORTED, OUT_OF_RANGE -> call + " failed on the Reprise engine at " + target
                    + ": " + status.getCode() + " " + description(status);
            default -> isFromTransport(status) ? call + " failed on the Reprise engine at " + target + ": "
                    + status.getCode() + " " + description(status) : description;
        };
        Metadata trailers = error.getTrailers();
        String shard = trailers == null ? null : trailers.get(SHARD);
        if (code == EngineException.Code.UNAVAILABLE && shard != null) {
            try {
                return new NotOwnerException(Integer.parseInt(shard), trailers.get(OWNER), message);
            } catch (NumberFormatException notAShard) {
                // Not a trailer of a Reprise server: an UNAVAILABLE like any other.
            }
        }
        return new EngineException(code, message, error);
    }

    /**
     * Whether the call failed because its connection closed under it (the engine went away mid-call): grpc-java
     * reports that as {@code UNKNOWN "channel closed"} with the channel's {@link ClosedChannelException} as the
     * cause, not as {@code UNAVAILABLE}. Whether the call took effect is unknown; a read may be asked again.
     */
    static boolean isConnectionClosed(StatusRuntimeException error) {
        Status status = error.getStatus();
        return status.getCode() == Status.Code.UNKNOWN && status.getCause() instanceof ClosedChannelException;
    }

    /** Whether the status is a cluster node's refusal as not owner (it carries the shard trailer). */
    static boolean isNotOwner(StatusRuntimeException error) {
        Metadata trailers = error.getTrailers();
        return error.getStatus().getCode() == Status.Code.UNAVAILABLE && trailers != null
                && trailers.get(SHARD) != null;
    }

    /** The engine's code of the same name, or for a transport-only status the one a caller handles alike. */
    static EngineException.Code code(Status.Code code) {
        try {
            return EngineException.Code.valueOf(code.name());
        } catch (IllegalArgumentException noSuchCode) {
            // CANCELLED, UNAUTHENTICATED and PERMISSION_DENIED have codes of their own (valueOf above).
            return switch (code) {
                // Whether the call took effect is unknown: retrying (with the same request id) is the way out.
                case ABORTED -> EngineException.Code.UNAVAILABLE;
                case OUT_OF_RANGE -> EngineException.Code.INVALID_ARGUMENT;
                case UNIMPLEMENTED -> EngineException.Code.FAILED_PRECONDITION;
                default -> EngineException.Code.INTERNAL;
            };
        }
    }

    /**
     * Whether the status was made on this side (a refused connection, a broken stream) rather than sent by the
     * engine, whose statuses always carry its message and no cause.
     */
    private static boolean isFromTransport(Status status) {
        return status.getCause() != null || status.getDescription() == null
                || status.getDescription().equals("io exception");
    }

    /** grpc-java's own words for a call whose deadline passed on this side. */
    private static boolean isClientDeadline(String description) {
        return description.startsWith("deadline exceeded after") || description.startsWith("ClientCall started after");
    }

    private static String description(Status status) {
        String description = status.getDescription();
        if (description == null && status.getCause() != null) {
            description = status.getCause().toString();
        }
        return description == null ? status.getCode().name() : description;
    }
}
