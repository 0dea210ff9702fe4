package io.reprise.spring.boot.diagnostics;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The property names a {@code @ConfigurationProperties} class binds, read from its getters: nested
 * objects are groups of names, {@code Map}s take any key and then the names of their values,
 * collections take indexes. Tells whether a configured name is one of them and, when not, the
 * nearest one (by edit distance), so that a misspelled key can be reported instead of ignored.
 */
public final class KnownProperties {

    private final ConfigurationPropertyName prefix;
    private final Node root;

    private KnownProperties(ConfigurationPropertyName prefix, Node root) {
        this.prefix = prefix;
        this.root = root;
    }

    /**
     * The names of {@code propertiesClass} bound under {@code prefix}.
     *
     * @param prefix the prefix of the class, e.g. {@code reprise}
     * @param propertiesClass a JavaBean-style properties class (getters, nested classes, maps)
     */
    public static KnownProperties of(String prefix, Class<?> propertiesClass) {
        return new KnownProperties(ConfigurationPropertyName.of(prefix), group(propertiesClass));
    }

    /** Whether {@code name} lies under this prefix (only such names are checked). */
    public boolean covers(ConfigurationPropertyName name) {
        return prefix.isAncestorOf(name);
    }

    /**
     * The nearest known name when {@code name} is under the prefix but binds to nothing; empty when
     * it is known, or not under the prefix. Names that stop at a group or a map (an empty
     * {@code reprise.workers:} in YAML) count as known. The suggestion keeps the map keys the user
     * wrote: {@code reprise.workers.orders.workflow-poller} gives
     * {@code reprise.workers.orders.workflow-pollers}.
     */
    public Optional<String> nearestIfUnknown(ConfigurationPropertyName name) {
        if (!covers(name)) {
            return Optional.empty();
        }
        List<String> path = new ArrayList<>(List.of(prefix.toString()));
        Node node = root;
        int i = prefix.getNumberOfElements();
        for (; i < name.getNumberOfElements(); i++) {
            if (node instanceof Group group) {
                Child child = group.children().get(name.getElement(i, Form.UNIFORM));
                if (child == null) {
                    break;
                }
                path.add(child.name());
                node = child.node();
            } else if (node instanceof MapOf map) {
                path.add(display(name, i));
                node = map.value();
            } else if (node instanceof Leaf leaf) {
                if (leaf.indexed() && allNumericIndexes(name, i)) {
                    return Optional.empty();
                }
                break;
            }
        }
        if (i == name.getNumberOfElements()) {
            return Optional.empty();
        }
        return Optional.of(nearest(name, i, node, path));
    }

    /** The name as the user wrote it: {@code reprise.activities.Compose.heartbeat-timeout}. */
    public static String display(ConfigurationPropertyName name) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            elements.add(display(name, i));
        }
        return join(elements);
    }

    /** The elements joined with dots, but none before a bracketed one: {@code reprise.workers[orders.v2]}. */
    private static String join(List<String> elements) {
        StringBuilder text = new StringBuilder();
        for (String element : elements) {
            text.append(text.isEmpty() || element.startsWith("[") ? "" : ".").append(element);
        }
        return text.toString();
    }

    private static String display(ConfigurationPropertyName name, int i) {
        String element = name.getElement(i, Form.ORIGINAL);
        boolean bracketed = name.isNumericIndex(i) || element.contains(".") || element.isEmpty();
        return bracketed ? "[" + element + "]" : element;
    }

    private static boolean allNumericIndexes(ConfigurationPropertyName name, int from) {
        for (int i = from; i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The known name under {@code node} closest to the rest of {@code name} (from element
     * {@code from}), compared in uniform form (lower case, no dashes); map keys are taken from
     * {@code name} where it has them.
     */
    private static String nearest(ConfigurationPropertyName name, int from, Node node, List<String> known) {
        List<String> written = new ArrayList<>();
        for (int i = from; i < name.getNumberOfElements(); i++) {
            written.add(name.getElement(i, Form.UNIFORM));
        }
        String target = String.join(".", written);
        String best = join(known);
        int bestDistance = Integer.MAX_VALUE;
        for (List<String> candidate : paths(node)) {
            List<String> uniform = new ArrayList<>();
            List<String> shown = new ArrayList<>(known);
            for (int j = 0; j < candidate.size(); j++) {
                String element = candidate.get(j);
                if (element == null) { // a map key: the user's, when they wrote one there
                    boolean given = from + j < name.getNumberOfElements();
                    uniform.add(given ? name.getElement(from + j, Form.UNIFORM) : "");
                    shown.add(given ? display(name, from + j) : "<key>");
                } else {
                    uniform.add(uniform(element));
                    shown.add(element);
                }
            }
            int distance = distance(target, String.join(".", uniform));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = join(shown);
            }
        }
        return best;
    }

    /** Every complete path below {@code node}; {@code null} stands for a map key. */
    private static List<List<String>> paths(Node node) {
        List<List<String>> paths = new ArrayList<>();
        if (node instanceof Leaf) {
            paths.add(List.of());
        } else if (node instanceof MapOf map) {
            for (List<String> rest : paths(map.value())) {
                List<String> path = new ArrayList<>();
                path.add(null);
                path.addAll(rest);
                paths.add(path);
            }
        } else if (node instanceof Group group) {
            for (Child child : group.children().values()) {
                for (List<String> rest : paths(child.node())) {
                    List<String> path = new ArrayList<>();
                    path.add(child.name());
                    path.addAll(rest);
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The element as {@link Form#UNIFORM} writes it: lower case, letters and digits only. */
    static String uniform(String element) {
        StringBuilder uniform = new StringBuilder(element.length());
        for (char c : element.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                uniform.append(Character.toLowerCase(c));
            }
        }
        return uniform.toString();
    }

    private static Group group(Class<?> type) {
        Map<String, Child> children = new LinkedHashMap<>();
        for (Method getter : type.getMethods()) {
            String property = propertyName(getter);
            if (property != null) {
                String name = kebab(property);
                children.put(uniform(name), new Child(name, node(getter.getGenericReturnType())));
            }
        }
        return new Group(children);
    }

    private static Node node(Type type) {
        Class<?> raw = raw(type);
        if (Map.class.isAssignableFrom(raw)) {
            Type value = type instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
            return new MapOf(node(value));
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            return new Leaf(true);
        }
        if (raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.") || raw == Object.class) {
            return new Leaf(false);
        }
        return group(raw);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** {@code workflowPollers} for {@code getWorkflowPollers()}, null for a method that is no getter. */
    private static String propertyName(Method method) {
        if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                || method.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = method.getName();
        String property;
        if (name.startsWith("get") && name.length() > 3) {
            property = name.substring(3);
        } else if (name.startsWith("is") && name.length() > 2
                && (method.getReturnType() == boolean.class || method.getReturnType() == Boolean.class)) {
            property = name.substring(2);
        } else {
            return null;
        }
        return Character.toLowerCase(property.charAt(0)) + property.substring(1);
    }

    private static String kebab(String camel) {
        StringBuilder kebab = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString().toLowerCase(Locale.ROOT);
    }

    private sealed interface Node permits Group, MapOf, Leaf {
    }

    /** An object whose properties are the children, by uniform name. */
    private record Group(Map<String, Child> children) implements Node {
    }

    private record Child(String name, Node node) {
    }

    /** A map: any key, then the names of its values. */
    private record MapOf(Node value) implements Node {
    }

    /** A value; {@code indexed} when it is a list that takes {@code [0]}, {@code [1]}, …. */
    private record Leaf(boolean indexed) implements Node {
    }
}
