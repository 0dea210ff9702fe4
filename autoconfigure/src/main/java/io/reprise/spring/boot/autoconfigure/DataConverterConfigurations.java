package io.reprise.spring.boot.autoconfigure;

import io.reprise.common.DataConverter;
import io.reprise.common.JacksonDataConverter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link DataConverter}, first match wins: the application's own DataConverter bean; else
 * JSON through the application's Jackson {@link JsonMapper} bean (so payloads follow the same
 * naming and modules as the REST API); else the core's default JSON converter.
 */
final class DataConverterConfigurations {

    private DataConverterConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(JsonMapper.class)
    static class ApplicationJsonMapper {

        @Bean
        @ConditionalOnMissingBean
        DataConverter repriseDataConverter(JsonMapper jsonMapper) {
            return new JacksonDataConverter(jsonMapper);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Default {

        @Bean
        @ConditionalOnMissingBean
        DataConverter repriseDataConverter() {
            return DataConverter.getDefaultInstance();
        }
    }
}
