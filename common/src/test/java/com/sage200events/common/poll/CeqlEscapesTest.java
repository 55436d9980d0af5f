package com.sage200events.common.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CeqlEscapesTest {

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', value = {
            // A % is taken as written unless it escapes one printable UTF-8 character.
            "name LIKE '%Bee'                 | name LIKE '%Bee'",
            "name LIKE 'Acme%'                | name LIKE 'Acme%'",
            "name LIKE '%ac%'                 | name LIKE '%ac%'",
            "name = '100%'                    | name = '100%'",
            "name = '%zz'                     | name = '%zz'",
            "name = '50%C3'                   | name = '50%C3'",
            "name = 'a%00b'                   | name = 'a%00b'",
            "name = 'a%EF%BF%BDb'             | name = 'a%EF%BF%BDb'",
            "name = 'a%ED%A0%80b'             | name = 'a%ED%A0%80b'",
            // Clearly meant escapes are decoded.
            "name = 'A%26B'                   | name = 'A&B'",
            "name = 'Caf%C3%A9'               | name = 'Café'",
            "name%3D%27A%2BB%27               | name='A+B'",
            "name = 'A+B'                     | name = 'A+B'",
            "name%20LIKE%20%27Acme%25%27      | name LIKE 'Acme%'",
            // Outside a LIKE pattern, a quote that was doubled or escaped does not end the pattern context early.
            "name LIKE 'O''Brien%' AND ref = 'x%26y' | name LIKE 'O''Brien%' AND ref = 'x&y'",
            "updated_at >= '${date:yyyy-MM-dd'T'HH:mm:ss}' AND name LIKE 'A%' | updated_at >= '${date:yyyy-MM-dd'T'HH:mm:ss}' AND name LIKE 'A%'",
    })
    void decodesOnlyEscapesOfOnePrintableCharacter(String raw, String decoded) {
        assertThat(CeqlEscapes.decode(raw)).isEqualTo(decoded).doesNotContain("\uFFFD");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name LIKE '%41%'          | '%[4]1'",
            "name LIKE '%2024%'        | '%[2]0'",
            "name like '%25Bee'        | write the character itself ('[%]')",
            "name NOT LIKE 'x%C3%A9'   | write the character itself ('é')",
            "a = 1 OR name LIKE'%20'   | ambiguous",
    })
    void anEscapeInsideALikePatternIsAmbiguousAndSaysHowToWriteIt(String raw, String advice) {
        assertThatThrownBy(() -> CeqlEscapes.decode(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("where clause:")
                .hasMessageContaining("ambiguous")
                .hasMessageContaining(advice);
    }
}
