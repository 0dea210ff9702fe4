package io.reprise.internal.worker;

import io.reprise.internal.metadata.ActivityMethodMetadata;

/** A registered activity: the implementing object and the interface method it implements. */
record ActivityImplementation(String activityType, Object target, ActivityMethodMetadata method) {
}
