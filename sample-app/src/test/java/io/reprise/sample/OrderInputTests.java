package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.reprise.spring.boot.test.RepriseTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code POST /orders} refuses before it starts a workflow: a body over the size limit, JSON
 * values of the wrong type, and fields over their limits. Every refusal is a JSON {@code ApiError}
 * that names the field and the problem, and no order is started.
 */
// Not OrderApiTests' properties: a context that test classes share is stopped between them, and Reprise's workers
// cannot be started again.
@RepriseTest(properties = { "sample.activity-delay=20ms", "sample.packing-time=1h" })
@AutoConfigureMockMvc
class OrderInputTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper jsonMapper;

    private static String order(String orderId, String customerId, String amount, String items) {
        return """
                {"orderId": %s, "customerId": %s, "amount": %s, "items": %s}"""
                .formatted(orderId, customerId, amount, items);
    }

    private static String item(String sku, String quantity) {
        return "{\"sku\": %s, \"quantity\": %s}".formatted(sku, quantity);
    }

    private ResultActions placing(String body) throws Exception {
        return mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void assertRefused(String body, String orderId, String error) throws Exception {
        placing(body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value(error));
        mvc.perform(get("/orders/" + orderId)).andExpect(status().isNotFound());
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedWith413AndTheLimit() throws Exception {
        String customerId = "c".repeat(5 * 1024 * 1024);
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON)
                        .content(order("\"i-huge\"", "\"" + customerId + "\"", "10", "[" + item("\"book\"", "1") + "]")
                                .getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value("The request body is larger than 65536 bytes, the limit "
                        + "(sample.max-request-body-size); an order is far smaller"));
        mvc.perform(get("/orders/i-huge")).andExpect(status().isNotFound());
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String body = order("\"i-padded\"", "\"c-1\"", "10", "[" + item("\"book\"", "1") + "]");
        String padded = body.substring(0, body.length() - 1) + " ".repeat(65536 - body.length()) + "}";
        placing(padded).andExpect(status().isAccepted());
    }

    @Test
    void aFractionalQuantityIsRefusedNotTruncated() throws Exception {
        assertRefused(order("\"i-frac\"", "\"c-1\"", "10", "[" + item("\"book\"", "1.5") + "]"), "i-frac",
                "Invalid order: items[0].quantity must be a whole number from 1 to 1000, got 1.5");
    }

    @Test
    void aNumberWhereAStringIsExpectedIsRefused() throws Exception {
        assertRefused(order("77", "\"c-1\"", "10", "[" + item("\"book\"", "1") + "]"), "77",
                "Invalid order: orderId must be a string of 1 to 64 letters, digits, '.', '_' or '-', got 77");
        assertRefused(order("\"i-sku\"", "\"c-1\"", "10", "[" + item("true", "1") + "]"), "i-sku",
                "Invalid order: items[0].sku must be a string of 1 to 64 characters, got true");
    }

    @Test
    void aStringWhereANumberIsExpectedIsRefused() throws Exception {
        assertRefused(order("\"i-str\"", "\"c-1\"", "\"10\"", "[" + item("\"book\"", "1") + "]"), "i-str",
                "Invalid order: amount must be a number from 0.01 to 1000000 with at most 2 decimal places, "
                        + "got a string");
    }

    @Test
    void aQuantityBeyondTheRangeOfANumberTypeIsRefused() throws Exception {
        assertRefused(order("\"i-big\"", "\"c-1\"", "10", "[" + item("\"book\"", "3000000000") + "]"), "i-big",
                "Invalid order: items[0].quantity must be a whole number from 1 to 1000, got a number out of that "
                        + "range");
    }

    @Test
    void anAmountThatOverflowsADoubleIsRefused() throws Exception {
        assertRefused(order("\"i-inf\"", "\"c-1\"", "1e400", "[" + item("\"book\"", "1") + "]"), "i-inf",
                "Invalid order: amount must be a number from 0.01 to 1000000 with at most 2 decimal places, "
                        + "got 1E+400");
    }

    @Test
    void anAmountWithFractionsOfACentIsRefused() throws Exception {
        assertRefused(order("\"i-cent\"", "\"c-1\"", "10.005", "[" + item("\"book\"", "1") + "]"), "i-cent",
                "Invalid order: amount must be a number from 0.01 to 1000000 with at most 2 decimal places, "
                        + "got 10.005");
    }

    @Test
    void aLongCustomerIdIsRefusedWithTheLimit() throws Exception {
        assertRefused(order("\"i-cust\"", "\"" + "c".repeat(65) + "\"", "10", "[" + item("\"book\"", "1") + "]"),
                "i-cust", "Invalid order: customerId must be at most 64 characters, got 65");
    }

    @Test
    void aLongSkuAndAQuantityOutOfRangeAreRefusedWithTheirLimits() throws Exception {
        String items = "[" + item("\"book\"", "1") + ", " + item("\"" + "s".repeat(65) + "\"", "1001") + ", "
                + item("\"\"", "0") + "]";
        assertRefused(order("\"i-items\"", "\"c-1\"", "10", items), "i-items",
                "Invalid order: items[1].sku must be at most 64 characters, got 65; items[1].quantity must be "
                        + "a whole number from 1 to 1000, got 1001; items[2].sku is required; items[2].quantity must "
                        + "be a whole number from 1 to 1000, got 0");
    }

    @Test
    void tooManyItemsAreRefusedWithTheLimit() throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            items.append(i == 0 ? "" : ", ").append(item("\"sku-" + i + "\"", "1"));
        }
        assertRefused(order("\"i-many\"", "\"c-1\"", "10", items + "]"), "i-many",
                "Invalid order: items must be an array of 1 to 100 items, got 101");
    }

    @Test
    void trailingZerosAreNoFractionOfACent() throws Exception {
        placing(order("\"i-zeros\"", "\"c-1\"", "12.500", "[" + item("\"book\"", "1") + "]"))
                .andExpect(status().isAccepted());
    }

    @Test
    void theJsonMapperOfWorkflowPayloadsStaysLenient() {
        // Only the HTTP API reads strictly: histories written before keep their meaning.
        assertThat(jsonMapper.deserializationConfig().isEnabled(DeserializationFeature.ACCEPT_FLOAT_AS_INT)).isTrue();
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() throws Exception {
        placing("{\"orderId\": \"i-broken\", ")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(startsWith(
                        "Invalid order: the body is not valid JSON: ")));
    }

    @Test
    void theLargestValidOrderIsAccepted() throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            items.append(i == 0 ? "" : ", ").append(item("\"" + "s".repeat(60) + "%04d".formatted(i) + "\"", "1000"));
        }
        placing(order("\"" + "i".repeat(64) + "\"", "\"" + "c".repeat(64) + "\"", "1000000.00", items + "]"))
                .andExpect(status().isAccepted());
    }
}
