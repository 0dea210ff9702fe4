package io.reprise.worker;

import io.reprise.activity.ActivityOptions;
import java.util.Map;

/**
 * Options for the workflow implementations registered with them: the activity options that
 * apply when workflow code creates a stub without options, or leaves fields unset. Precedence,
 * field by field: options given in code, then {@link #getActivityOptions()} for the Activity
 * Type, then {@link #getDefaultActivityOptions()}. Defaults: none.
 */
public final class WorkflowImplementationOptions {

    private static final WorkflowImplementationOptions DEFAULT = newBuilder().build();

    private final ActivityOptions defaultActivityOptions;
    private final Map<String, ActivityOptions> activityOptions;

    private WorkflowImplementationOptions(Builder b) {
        this.defaultActivityOptions = b.defaultActivityOptions;
        this.activityOptions = Map.copyOf(b.activityOptions);
    }

    public static WorkflowImplementationOptions getDefaultInstance() {
        return DEFAULT;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Options for every activity, or {@code null}. */
    public ActivityOptions getDefaultActivityOptions() {
        return defaultActivityOptions;
    }

    /** Options per Activity Type name. */
    public Map<String, ActivityOptions> getActivityOptions() {
        return activityOptions;
    }

    /** The options for {@code activityType}: {@code explicit} over the per-type options over the defaults. */
    public ActivityOptions resolve(String activityType, ActivityOptions explicit) {
        ActivityOptions merged = defaultActivityOptions;
        ActivityOptions perType = activityOptions.get(activityType);
        if (perType != null) {
            merged = perType.mergedOver(merged);
        }
        if (explicit != null) {
            merged = explicit.mergedOver(merged);
        }
        return merged != null ? merged : ActivityOptions.newBuilder().build();
    }

    /** Builder; nothing set by default. */
    public static final class Builder {
        private ActivityOptions defaultActivityOptions;
        private Map<String, ActivityOptions> activityOptions = Map.of();

        private Builder() {
        }

        public Builder setDefaultActivityOptions(ActivityOptions options) {
            this.defaultActivityOptions = options;
            return this;
        }

        /** Options per Activity Type name (e.g. {@code "ChargeCard"}). */
        public Builder setActivityOptions(Map<String, ActivityOptions> options) {
            this.activityOptions = options == null ? Map.of() : options;
            return this;
        }

        public WorkflowImplementationOptions build() {
            return new WorkflowImplementationOptions(this);
        }
    }
}
