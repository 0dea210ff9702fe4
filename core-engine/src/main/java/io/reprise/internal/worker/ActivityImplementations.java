package io.reprise.internal.worker;

import io.reprise.internal.metadata.ActivityInterfaceMetadata;
import io.reprise.internal.metadata.ActivityMethodMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The activity implementations registered on one Task Queue, for its activities and its local activities. */
public final class ActivityImplementations {

    private final String taskQueue;
    private final Map<String, ActivityImplementation> byType = new TreeMap<>();

    ActivityImplementations(String taskQueue) {
        this.taskQueue = taskQueue;
    }

    /**
     * Registers every activity of every {@code @ActivityInterface} {@code implementation} implements.
     *
     * @throws IllegalArgumentException when it implements none, or a type is already registered and replacing is not allowed
     */
    synchronized void register(Object implementation, boolean allowReplace) {
        List<ActivityInterfaceMetadata> interfaces = ActivityInterfaceMetadata.implementedBy(implementation.getClass());
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("Class " + implementation.getClass().getName()
                    + " implements no interface annotated with @ActivityInterface; annotate the activity interface "
                    + "it implements");
        }
        List<ActivityImplementation> found = new ArrayList<>();
        for (ActivityInterfaceMetadata iface : interfaces) {
            for (ActivityMethodMetadata m : iface.methods()) {
                ActivityImplementation existing = byType.get(m.activityType());
                if (existing != null && !allowReplace && existing.target() != implementation) {
                    throw new IllegalArgumentException("Activity type \"" + m.activityType()
                            + "\" is already registered on task queue \"" + taskQueue + "\" by "
                            + existing.target().getClass().getName() + "; register each type once, or allow "
                            + "replacing with WorkerOptions.setAllowDuplicateRegistrations(true)");
                }
                m.method().setAccessible(true);
                found.add(new ActivityImplementation(m.activityType(), implementation, m));
            }
        }
        for (ActivityImplementation a : found) {
            byType.put(a.activityType(), a);
        }
    }

    /** The implementation of {@code activityType}, or {@code null}. */
    synchronized ActivityImplementation get(String activityType) {
        return byType.get(activityType);
    }

    synchronized boolean isEmpty() {
        return byType.isEmpty();
    }

    synchronized List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /** "is not registered on task queue …; registered types: […]", for the failure of a task of an unknown type. */
    String notRegistered(String kind, String activityType) {
        return kind + " type \"" + activityType + "\" is not registered on task queue \"" + taskQueue
                + "\"; registered types: " + types();
    }
}
