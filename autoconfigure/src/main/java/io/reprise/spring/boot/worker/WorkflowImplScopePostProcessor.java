package io.reprise.spring.boot.worker;

import io.reprise.spring.boot.WorkflowImpl;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Makes every {@link WorkflowImpl @WorkflowImpl} bean prototype-scoped, whether it comes from
 * component scanning or a {@code @Bean} method: each Workflow Execution needs an instance of its
 * own, since workflow objects hold the state of one execution.
 */
public final class WorkflowImplScopePostProcessor implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (definition.isAbstract() || definition.isPrototype()) {
                continue;
            }
            // allowFactoryBeanInit = false: only look at types, create nothing this early.
            if (beanFactory.findAnnotationOnBean(name, WorkflowImpl.class, false) != null) {
                definition.setScope(ConfigurableBeanFactory.SCOPE_PROTOTYPE);
            }
        }
    }
}
