package io.reprise.internal.context;

import io.reprise.common.ContextPropagator;
import io.reprise.common.Payload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@link ContextPropagator}s of a client and its workers, applied where a header is written (the current
 * contexts into header entries) and where one is read (its contexts made current on a workflow or activity
 * thread). Without propagators every operation is a no-op that allocates nothing.
 */
public final class ContextPropagation {

    public static final ContextPropagation NONE = new ContextPropagation(List.of());

    private final List<ContextPropagator> propagators;

    private ContextPropagation(List<ContextPropagator> propagators) {
        this.propagators = propagators;
    }

    public static ContextPropagation of(List<ContextPropagator> propagators) {
        return propagators == null || propagators.isEmpty() ? NONE : new ContextPropagation(List.copyOf(propagators));
    }

    public boolean isEmpty() {
        return propagators.isEmpty();
    }

    /**
     * The header of the calling thread's contexts: the entries of every propagator that has a current context.
     *
     * @throws IllegalStateException when a propagator fails or two write the same key, naming them
     */
    public Map<String, Payload> currentHeader() {
        if (propagators.isEmpty()) {
            return Map.of();
        }
        Map<String, Payload> header = new TreeMap<>();
        Map<String, String> writers = new TreeMap<>();
        for (ContextPropagator propagator : propagators) {
            Object context = call(propagator, "getCurrentContext", propagator::getCurrentContext);
            if (context == null) {
                continue;
            }
            Map<String, Payload> entries = call(propagator, "serializeContext",
                    () -> propagator.serializeContext(context));
            if (entries == null) {
                continue;
            }
            entries.forEach((key, value) -> {
                String earlier = writers.putIfAbsent(key, propagator.getName());
                if (earlier != null) {
                    throw new IllegalStateException("Context propagators \"" + earlier + "\" and \""
                            + propagator.getName() + "\" both write the header key \"" + key
                            + "\"; give each propagator keys of its own (a prefix)");
                }
                header.put(key, value);
            });
        }
        return header.isEmpty() ? Map.of() : Collections.unmodifiableMap(header);
    }

    /** Each propagator's context of the calling thread, in order ({@code null} for none). */
    public List<Object> currentContexts() {
        if (propagators.isEmpty()) {
            return List.of();
        }
        List<Object> contexts = new ArrayList<>(propagators.size());
        for (ContextPropagator propagator : propagators) {
            contexts.add(call(propagator, "getCurrentContext", propagator::getCurrentContext));
        }
        return Collections.unmodifiableList(contexts);
    }

    /** Each propagator's context described by {@code header}, in order ({@code null} for none). */
    public List<Object> contextsOf(Map<String, Payload> header) {
        if (propagators.isEmpty()) {
            return List.of();
        }
        Map<String, Payload> entries = header == null ? Map.of() : header;
        List<Object> contexts = new ArrayList<>(propagators.size());
        for (ContextPropagator propagator : propagators) {
            contexts.add(call(propagator, "deserializeContext", () -> propagator.deserializeContext(entries)));
        }
        return Collections.unmodifiableList(contexts);
    }

    /** Makes {@code contexts} (from {@link #contextsOf} or {@link #currentContexts}) current on the calling thread. */
    public void makeCurrent(List<Object> contexts) {
        for (int i = 0; i < propagators.size(); i++) {
            ContextPropagator propagator = propagators.get(i);
            Object context = i < contexts.size() ? contexts.get(i) : null;
            call(propagator, "setCurrentContext", () -> {
                propagator.setCurrentContext(context);
                return null;
            });
        }
    }

    /** Clears every propagator's context on the calling thread. */
    public void clear() {
        if (!propagators.isEmpty()) {
            makeCurrent(List.of());
        }
    }

    private static <T> T call(ContextPropagator propagator, String method, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Context propagator \"" + propagator.getName() + "\" failed in " + method
                    + ": " + e.getMessage(), e);
        }
    }
}
