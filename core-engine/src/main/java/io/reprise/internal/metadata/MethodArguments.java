package io.reprise.internal.metadata;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/** Converts payloads to the arguments of a workflow or activity method, and fills primitive defaults. */
public final class MethodArguments {

    private MethodArguments() {
    }

    /**
     * The arguments for {@code method} read from {@code input}: one payload per parameter, in order;
     * missing payloads become {@code null} (or the primitive's zero), extra ones are ignored.
     */
    public static Object[] decode(Method method, List<Payload> input, DataConverter converter) {
        Class<?>[] classes = method.getParameterTypes();
        Type[] types = method.getGenericParameterTypes();
        Object[] args = new Object[classes.length];
        for (int i = 0; i < classes.length; i++) {
            Object value = i < input.size() ? converter.fromPayload(input.get(i), classes[i], types[i]) : null;
            args[i] = value == null ? defaultValue(classes[i]) : value;
        }
        return args;
    }

    /** {@code null}, or the zero of a primitive type ({@code false}, {@code 0}, {@code '\0'}). */
    public static Object defaultValue(Class<?> type) {
        return type.isPrimitive() && type != void.class ? Array.get(Array.newInstance(type, 1), 0) : null;
    }
}
