package io.reprise.spring.boot.ui;

import io.reprise.client.WorkflowClient;
import io.reprise.spring.boot.autoconfigure.RepriseProperties;
import io.reprise.spring.boot.autoconfigure.RepriseWorkerAutoConfiguration;
import io.reprise.worker.WorkerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The web UI ({@code reprise.ui.enabled=true}, off by default) in a servlet web application with Spring MVC:
 * one controller under {@code reprise.ui.path}. It adds nothing else to the application's web set-up: no view
 * resolver, message converter, CORS mapping or security chain (see docs/ui.md to protect it).
 */
@AutoConfiguration(after = RepriseWorkerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(prefix = "reprise.ui", name = "enabled", havingValue = "true")
@ConditionalOnBean(WorkflowClient.class)
@EnableConfigurationProperties(RepriseProperties.class)
public class RepriseUiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RepriseUiController repriseUiController(WorkflowClient client, RepriseProperties properties,
            ObjectProvider<WorkerFactory> workerFactory, ListableBeanFactory beans) {
        RepriseProperties.Ui ui = properties.getUi();
        WorkerFactory workers = workerFactory.getIfUnique();
        return new RepriseUiController(new ExecutionsAdapter(client), new LocalWorkflowTypes(beans, workers), workers,
                new TaskQueueBacklogProbe(client.getEngineService()), ui.getPath(), ui.isReadOnly(), ui.getRefreshInterval(),
                ui.getEventsPageSize());
    }
}
