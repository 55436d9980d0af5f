package com.sage200events.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SageJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"1E+2", "-0.0", "0.10", "98765432109876543.21", "1234567890.123456789012345678901234567890", "2.5e-3"})
    void aFreeFormNumberIsAnsweredWithTheTextItWasGiven(String number) {
        String json = "{\"memos\":[{\"amount\":" + number + "}]}";

        Map<String, Object> parsed = SageJson.object(json.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(SageJson.bytes(parsed), StandardCharsets.UTF_8)).isEqualTo(json);
        Object amount = ((Map<?, ?>) ((List<?>) parsed.get("memos")).get(0)).get("amount");
        assertThat(new BigDecimal(amount.toString())).isEqualByComparingTo(new BigDecimal(number));
    }
}
