package io.reprise.internal.metadata;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityMethod;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The activities declared by an {@link ActivityInterface}: type name per method. */
public final class ActivityInterfaceMetadata {

    private static final Map<Class<?>, ActivityInterfaceMetadata> CACHE = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final Map<Method, ActivityMethodMetadata> byMethod;

    private ActivityInterfaceMetadata(Class<?> type, Map<Method, ActivityMethodMetadata> byMethod) {
        this.type = type;
        this.byMethod = byMethod;
    }

    /**
     * Reads an activity interface.
     *
     * @throws IllegalArgumentException when {@code type} is not an interface annotated with {@code @ActivityInterface}
     */
    public static ActivityInterfaceMetadata forInterface(Class<?> type) {
        return CACHE.computeIfAbsent(type, ActivityInterfaceMetadata::read);
    }

    private static ActivityInterfaceMetadata read(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; activity stubs are created "
                    + "from an interface annotated with @ActivityInterface");
        }
        if (!type.isAnnotationPresent(ActivityInterface.class)) {
            throw new IllegalArgumentException("Interface " + type.getName() + " is not annotated with "
                    + "@ActivityInterface; annotate it to use it as an activity interface");
        }
        Map<Method, ActivityMethodMetadata> methods = new LinkedHashMap<>();
        Map<String, Method> byName = new LinkedHashMap<>();
        collect(type, methods, byName);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("Activity interface " + type.getName() + " declares no methods");
        }
        return new ActivityInterfaceMetadata(type, methods);
    }

    private static void collect(Class<?> iface, Map<Method, ActivityMethodMetadata> methods,
            Map<String, Method> byName) {
        ActivityInterface annotation = iface.getAnnotation(ActivityInterface.class);
        String prefix = annotation == null ? "" : annotation.namePrefix();
        for (Method m : iface.getDeclaredMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            ActivityMethod am = m.getAnnotation(ActivityMethod.class);
            String name = am != null && !am.name().isEmpty() ? am.name() : prefix + capitalize(m.getName());
            Method previous = byName.putIfAbsent(name, m);
            if (previous != null && !sameSignature(previous, m)) {
                throw new IllegalArgumentException("Activity type \"" + name + "\" is declared twice in "
                        + iface.getName() + " (" + previous.getName() + " and " + m.getName()
                        + "); give one of them another name with @ActivityMethod(name = ...)");
            }
            methods.put(m, new ActivityMethodMetadata(name, m));
        }
        for (Class<?> parent : iface.getInterfaces()) {
            collect(parent, methods, byName);
        }
    }

    private static boolean sameSignature(Method a, Method b) {
        return a.getName().equals(b.getName()) && java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public Class<?> type() {
        return type;
    }

    /** The activity behind a method of this interface. */
    public ActivityMethodMetadata method(Method method) {
        ActivityMethodMetadata m = byMethod.get(method);
        if (m == null) {
            throw new IllegalArgumentException(method + " is not an activity method of " + type.getName());
        }
        return m;
    }

    public List<ActivityMethodMetadata> methods() {
        return new ArrayList<>(byMethod.values());
    }

    /** Every {@code @ActivityInterface} implemented by {@code implementation}'s class hierarchy. */
    public static List<ActivityInterfaceMetadata> implementedBy(Class<?> implementation) {
        List<ActivityInterfaceMetadata> result = new ArrayList<>();
        for (Class<?> c = implementation; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                addAnnotated(i, result);
            }
        }
        return result;
    }

    private static void addAnnotated(Class<?> iface, List<ActivityInterfaceMetadata> result) {
        if (iface.isAnnotationPresent(ActivityInterface.class)) {
            ActivityInterfaceMetadata m = forInterface(iface);
            if (!result.contains(m)) {
                result.add(m);
            }
        }
        for (Class<?> parent : iface.getInterfaces()) {
            addAnnotated(parent, result);
        }
    }
}
