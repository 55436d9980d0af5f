package com.sage200events.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InboxJsonTest {

    @Test
    void showsDecimalsAsTheyWereReceivedNotThroughADouble() {
        String body = "{\"balance\":98765432109876543.21,\"credit_limit\":0.10,\"zero\":0.00,\"exp\":1E+2,\"id\":12345678901234567890}";

        String inbox = new String(InboxJson.render(List.of(received(body))), StandardCharsets.UTF_8);

        assertThat(inbox).contains("98765432109876543.21", "0.10", "0.00", "1E+2", "12345678901234567890")
                .doesNotContain("E16", "0.1,", "0.0,");
    }

    @Test
    void keepsABodyThatIsNotJsonAsText() {
        String inbox = new String(InboxJson.render(List.of(received("not json"))), StandardCharsets.UTF_8);

        assertThat(inbox).contains("\"not json\"");
    }

    private static ReceivedRequest received(String body) {
        return new ReceivedRequest("/inbox", Map.of(), body, Instant.EPOCH, 200);
    }
}
