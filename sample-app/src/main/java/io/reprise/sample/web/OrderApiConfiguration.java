package io.reprise.sample.web;

import io.reprise.sample.SampleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The HTTP API's guards: a limit on the size of request bodies, and a JSON reader that refuses a
 * value of the wrong type instead of converting it ({@code "quantity": 1.5} is not 1,
 * {@code "orderId": 77} is not "77").
 *
 * <p>The strict reader is the HTTP API's own: the application's {@link JsonMapper} bean, which
 * Reprise uses for workflow payloads, is left as it is.
 */
@Configuration(proxyBeanMethods = false)
public class OrderApiConfiguration implements WebMvcConfigurer {

    private final JsonMapper jsonMapper;

    public OrderApiConfiguration(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Bean
    RequestBodyLimitFilter requestBodyLimitFilter(SampleProperties properties) {
        return new RequestBodyLimitFilter(properties.getMaxRequestBodySize().toBytes(), jsonMapper);
    }

    /** Runs after Spring Boot's own configurer (order 0), so this JSON converter replaces Boot's. */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict(jsonMapper)));
    }

    /** {@code mapper} with every coercion between JSON types turned off. */
    static JsonMapper strict(JsonMapper mapper) {
        return mapper.rebuild()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "10" as a number, 1 as a boolean
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }
}
