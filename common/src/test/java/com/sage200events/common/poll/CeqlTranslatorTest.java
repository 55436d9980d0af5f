package com.sage200events.common.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CeqlTranslatorTest {

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', value = {
            "date_time_updated>='2026-11-28T07:00:00'            | date_time_updated ge 2026-11-28T07:00:00Z",
            "updated_at >= '2026-11-28T07:00:00.250Z'            | date_time_updated ge 2026-11-28T07:00:00.25Z",
            "created_at < '2026-11-28T07:00:00+01:00'            | date_time_created lt 2026-11-28T06:00:00Z",
            "name = 'O''Brien'                                   | name eq 'O''Brien'",
            "`credit_limit` > 100 AND on_hold = false            | credit_limit gt 100 and on_hold eq false",
            "a = 1 OR b != 2 AND c <> 3                          | a eq 1 or b ne 2 and c ne 3",
            "(a = 1 OR b = 2) AND c <= 3                         | (a eq 1 or b eq 2) and c le 3",
            "name LIKE 'Acme%'                                   | startswith(name,'Acme')",
            "name LIKE '%Ltd'                                    | endswith(name,'Ltd')",
            "name LIKE '%cme%'                                   | contains(name,'cme')",
            "name NOT LIKE 'Acme%'                               | not (startswith(name,'Acme'))",
            "reference IN ('A1', 'B2', 'C3')                     | (reference eq 'A1' or reference eq 'B2' or reference eq 'C3')",
            "telephone IS NULL                                   | telephone eq null",
            "telephone IS NOT NULL                               | telephone ne null",
            "transaction_date >= '2024-01-31'                    | transaction_date ge 2024-01-31T00:00:00Z",
            "name = '100%'                                       | name eq '100%'",
            "name LIKE '100[%]'                                  | name eq '100%'",
            "name LIKE '%[_]01'                                  | endswith(name,'_01')",
            "name LIKE '[[]x]%'                                  | startswith(name,'[x]')",
            "name LIKE '%%Bee'                                   | endswith(name,'Bee')",
            "name LIKE '%'                                       | name ne null",
            "name LIKE 'Acme'                                    | name eq 'Acme'",
            "name LIKE '%O''Brien%'                              | contains(name,'O''Brien')",
            "name LIKE '%Café%'                                  | contains(name,'Café')",
    })
    void translatesTheCeqlSubsetToOData(String ceql, String odata) {
        assertThat(CeqlTranslator.translate(ceql)).isEqualTo(odata);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name LIKE 'A%c'                 | a % between characters cannot be translated",
            "name LIKE 'A_C%'                | write [_] for a literal underscore",
            "name LIKE '[a-z]%'              | character class",
            "name = 'bad �'                  | U+FFFD",
            "name = 'open                    | unclosed quote",
            "name =                          | expected a value",
            "name ~ 'x'                      | unexpected character '~'",
            "name = 'a' name = 'b'           | join conditions with AND or OR",
            "(name = 'a'                     | expected ')'",
            "name IS 'x'                     | expected NULL",
            "name = bare                     | quote strings",
            "date_time_updated >= '2024-13-45T99:00:00' | not a valid date-time",
    })
    void refusesWhatItCannotTranslateWithAReason(String ceql, String reason) {
        assertThatThrownBy(() -> CeqlTranslator.translate(ceql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("where clause")
                .hasMessageContaining(reason);
    }

    @Test
    void emptyClauseIsRefused() {
        assertThatThrownBy(() -> CeqlTranslator.translate("  ")).hasMessageContaining("must not be empty");
    }
}
