package io.reprise.common;

import java.util.Map;

/**
 * Carries a context (a trace, a tenant, an MDC entry) from the code that starts a workflow, sends a signal,
 * schedules an activity or starts a child workflow to the workflow and activity code that follows, through the
 * header the engine records with each of them. Register propagators on
 * {@code WorkflowClientOptions.Builder.setContextPropagators}; the workers built on that client use them too.
 *
 * <p>Where the context is taken ({@link #getCurrentContext()}, on the calling thread) and written
 * ({@link #serializeContext}):
 * <ul>
 *   <li>the client's start, signal-with-start and signal calls;</li>
 *   <li>workflow code scheduling an activity, starting a child workflow or continuing as new.</li>
 * </ul>
 * Where it is read back ({@link #deserializeContext}) and made current ({@link #setCurrentContext}):
 * <ul>
 *   <li>every workflow thread of a run gets the context of the run's start header (a thread started with
 *       {@code Async} from workflow code gets the context current on the thread that started it);</li>
 *   <li>an activity method runs with the context of its schedule's header, on every attempt; the context is
 *       cleared ({@code setCurrentContext(null)}) after it returns.</li>
 * </ul>
 * Workflow code runs again on replay, so {@code getCurrentContext} and {@code setCurrentContext} are called again
 * then; they must not have effects other than on the calling thread. Headers are not compared on replay: a
 * replayed run may carry another context than the one recorded. A retry of the workflow and the next cron run
 * get the run's header; a run continued as new gets the context current where the code continued.
 *
 * <p>Header values are payloads: they count against the payload size limit.
 */
public interface ContextPropagator {

    /** A name for messages about this propagator, e.g. {@code "tenant"}. */
    String getName();

    /**
     * The header entries for {@code context} (never {@code null}): keys of this propagator's own (a prefix such as
     * {@code "tenant"} keeps them apart from other propagators').
     */
    Map<String, Payload> serializeContext(Object context);

    /**
     * The context the header describes, reading this propagator's own keys ({@code header} holds every
     * propagator's entries); {@code null} when it has none.
     */
    Object deserializeContext(Map<String, Payload> header);

    /** The context current on the calling thread, or {@code null} for none (nothing is written then). */
    Object getCurrentContext();

    /** Makes {@code context} current on the calling thread; {@code null} clears it. */
    void setCurrentContext(Object context);
}
