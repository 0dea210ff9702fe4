package io.reprise.spring.boot.worker;

import io.reprise.spring.boot.WorkflowImpl;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Makes every {@link WorkflowImpl @WorkflowImpl} bean prototype-scoped, whether it comes from
 * component scanning or a {@code @Bean} method: each Workflow Execution needs an instance of its
 * own, since workflow objects hold the state of one execution. The beans are also taken out of
 * autowiring: an instance made outside a Workflow Execution cannot run, so injecting the
 * workflow interface (where a client stub was meant) fails at startup instead of at the first
 * call.
 */
public final class WorkflowImplScopePostProcessor implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (definition.isAbstract()) {
                continue;
            }
            // allowFactoryBeanInit = false: only look at types, create nothing this early.
            if (beanFactory.findAnnotationOnBean(name, WorkflowImpl.class, false) != null) {
                definition.setScope(ConfigurableBeanFactory.SCOPE_PROTOTYPE);
                definition.setAutowireCandidate(false);
            }
        }
    }
}
