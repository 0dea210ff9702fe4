package io.reprise.spring.boot;

import io.reprise.worker.WorkerOptions;

/**
 * Adjusts the options of the worker of one Task Queue before it is created, after the
 * {@code reprise.worker-defaults} and {@code reprise.workers.<queue>} properties were applied.
 * Declare one or more as beans; they run in {@link org.springframework.core.annotation.Order}
 * order.
 *
 * <pre>{@code
 * @Bean
 * RepriseWorkerOptionsCustomizer ordersIdentity() {
 *     return (taskQueue, options) -> options.setIdentity("orders-node-1");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RepriseWorkerOptionsCustomizer {

    /**
     * Changes {@code options} for the worker of {@code taskQueue}.
     *
     * @param taskQueue the Task Queue the worker polls
     * @param options the options so far; change them in place
     */
    void customize(String taskQueue, WorkerOptions.Builder options);
}
