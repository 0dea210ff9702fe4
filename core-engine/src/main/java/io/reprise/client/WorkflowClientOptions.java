package io.reprise.client;

import io.reprise.common.DataConverter;
import java.lang.management.ManagementFactory;

/**
 * Options of a {@link WorkflowClient}. Defaults: namespace {@code default}, the Jackson data
 * converter, identity {@code pid@host}, payloads up to 2 MiB.
 */
public final class WorkflowClientOptions {

    private final String namespace;
    private final DataConverter dataConverter;
    private final String identity;
    private final int maxPayloadSize;

    private WorkflowClientOptions(Builder b) {
        this.namespace = b.namespace;
        this.dataConverter = b.dataConverter;
        this.identity = b.identity;
        this.maxPayloadSize = b.maxPayloadSize;
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

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String namespace = "default";
        private DataConverter dataConverter = DataConverter.getDefaultInstance();
        private String identity = ManagementFactory.getRuntimeMXBean().getName();
        private int maxPayloadSize = WorkflowClient.MAX_PAYLOAD_SIZE;

        private Builder() {
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
