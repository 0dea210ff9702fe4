package io.reprise.client;

import io.reprise.common.DataConverter;
import java.lang.management.ManagementFactory;

/**
 * Options of a {@link WorkflowClient}. Defaults: namespace {@code default}, the Jackson data
 * converter, identity {@code pid@host}.
 */
public final class WorkflowClientOptions {

    private final String namespace;
    private final DataConverter dataConverter;
    private final String identity;

    private WorkflowClientOptions(Builder b) {
        this.namespace = b.namespace;
        this.dataConverter = b.dataConverter;
        this.identity = b.identity;
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

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String namespace = "default";
        private DataConverter dataConverter = DataConverter.getDefaultInstance();
        private String identity = ManagementFactory.getRuntimeMXBean().getName();

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

        public WorkflowClientOptions build() {
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
