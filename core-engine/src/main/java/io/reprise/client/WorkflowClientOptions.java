package io.reprise.client;

import io.reprise.common.ContextPropagator;
import io.reprise.common.DataConverter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link WorkflowClient}. Defaults: namespace {@code default}, the Jackson data
 * converter, identity {@code pid@host}, payloads up to 2 MiB, no context propagators.
 */
public final class WorkflowClientOptions {

    private final String namespace;
    private final DataConverter dataConverter;
    private final String identity;
    private final int maxPayloadSize;
    private final List<ContextPropagator> contextPropagators;

    private WorkflowClientOptions(Builder b) {
        this.namespace = b.namespace;
        this.dataConverter = b.dataConverter;
        this.identity = b.identity;
        this.maxPayloadSize = b.maxPayloadSize;
        this.contextPropagators = List.copyOf(b.contextPropagators);
    }

    public static WorkflowClientOptions getDefaultInstance() {
        return newBuilder().build();
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public String getNamespace() {
        return namespace;
    }

    public DataConverter getDataConverter() {
        return dataConverter;
    }

    public String getIdentity() {
        return identity;
    }

    /**
     * The largest single payload (an argument, a result) this client and the workers built on it
     * send; larger values are refused before anything is sent. Default 2 MiB, the engine's default limit.
     */
    public int getMaxPayloadSize() {
        return maxPayloadSize;
    }

    /**
     * The propagators that carry a context from this client's calls, and from workflow code run by the workers built
     * on it, to workflow and activity code (see {@link ContextPropagator}). Default: none.
     */
    public List<ContextPropagator> getContextPropagators() {
        return contextPropagators;
    }

    /**
     * {@code pid@host}, as the JVM's runtime bean names the process. On Linux it is put together from the kernel's
     * host name (what the bean reads, without a name lookup) rather than loading the management beans for it: about
     * 15 ms of a launch on the benchmark machine (docs/benchmarks.md, "Issue 14, session 10"). Made once.
     */
    private static final class DefaultIdentity {
        static final String VALUE = defaultIdentity();

        private static String defaultIdentity() {
            try {
                String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
                if (!host.isEmpty()) {
                    return ProcessHandle.current().pid() + "@" + host;
                }
            } catch (IOException | RuntimeException e) {
                // Not Linux, or no procfs: the bean knows.
            }
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String namespace = "default";
        private DataConverter dataConverter = DataConverter.getDefaultInstance();
        private String identity = DefaultIdentity.VALUE;
        private int maxPayloadSize = WorkflowClient.MAX_PAYLOAD_SIZE;
        private List<ContextPropagator> contextPropagators = List.of();

        private Builder() {
        }

        /** Default: none. Each is asked in this order; two may not write the same header key. */
        public Builder setContextPropagators(List<ContextPropagator> contextPropagators) {
            if (contextPropagators == null || contextPropagators.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("WorkflowClientOptions.contextPropagators must not be null or "
                        + "hold null; pass List.of() for none");
            }
            this.contextPropagators = List.copyOf(contextPropagators);
            return this;
        }

        public Builder setNamespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder setDataConverter(DataConverter dataConverter) {
            this.dataConverter = dataConverter;
            return this;
        }

        public Builder setIdentity(String identity) {
            this.identity = identity;
            return this;
        }

        /** Default 2 MiB; keep it at or below the engine's {@code maxPayloadSize}. */
        public Builder setMaxPayloadSize(int maxPayloadSize) {
            this.maxPayloadSize = maxPayloadSize;
            return this;
        }

        public WorkflowClientOptions build() {
            if (maxPayloadSize < 1) {
                throw new IllegalArgumentException("WorkflowClientOptions.maxPayloadSize must be positive, got "
                        + maxPayloadSize);
            }
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("WorkflowClientOptions.namespace must not be blank; the default is \"default\"");
            }
            if (dataConverter == null) {
                throw new IllegalArgumentException("WorkflowClientOptions.dataConverter must not be null");
            }
            if (identity == null || identity.isBlank()) {
                throw new IllegalArgumentException("WorkflowClientOptions.identity must not be blank");
            }
            return new WorkflowClientOptions(this);
        }
    }
}
