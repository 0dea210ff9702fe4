package io.reprise.internal.metadata;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

/** One activity method and its Activity Type name. */
public record ActivityMethodMetadata(String activityType, Method method) {

    public Class<?> returnClass() {
        return method.getReturnType();
    }

    public Type returnType() {
        return method.getGenericReturnType();
    }
}
