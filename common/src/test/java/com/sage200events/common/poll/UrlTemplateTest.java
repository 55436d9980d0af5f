package com.sage200events.common.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UrlTemplateTest {

    private static final Instant SINCE = Instant.parse("2026-11-28T07:04:05.678Z");
    private static final String SEED = "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'";

    @Test
    void theSeedTemplateRendersAsAUtcStampTruncatedByItsFormat() {
        UrlTemplate template = UrlTemplate.parse(SEED);
        assertThat(template.hubResource()).isEqualTo("customers");
        assertThat(template.renderWhere(SINCE, ZoneOffset.UTC)).hasValue("date_time_updated>='2026-11-28T07:04:05Z'");
        assertThat(CeqlTranslator.translate(template.renderWhere(SINCE, ZoneOffset.UTC).orElseThrow()))
                .isEqualTo("date_time_updated ge 2026-11-28T07:04:05Z");
    }

    @Test
    void aDateRenderedInAnotherZoneIsReadBackInThatZone() {
        UrlTemplate template = UrlTemplate.parse(
                "/hubs/finance/customers?where=updated_at>='${dateTimeZone:America/New_York:yyyy-MM-dd HH:mm}'");
        assertThat(template.renderWhere(SINCE, ZoneOffset.UTC)).hasValue("updated_at>='2026-11-28T07:04:00Z'");
    }

    @Test
    void serverZoneAppliesToDateButNotToGmtDate() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        UrlTemplate date = UrlTemplate.parse("/hubs/finance/customers?where=a='x${date:HH:mm}'");
        UrlTemplate gmt = UrlTemplate.parse("/hubs/finance/customers?where=a='x${gmtDate:HH:mm}'");
        assertThat(date.renderWhere(SINCE, paris)).hasValue("a='x08:04'");
        assertThat(gmt.renderWhere(SINCE, paris)).hasValue("a='x07:04'");
    }

    @Test
    void epochPlaceholdersRenderInTheirUnits() {
        UrlTemplate template = UrlTemplate.parse("/hubs/finance/products?where=a>${epoch} and b>${epoch:s} and c>${epoch:us}");
        assertThat(template.renderWhere(SINCE, ZoneOffset.UTC))
                .hasValue("a>1795849445678 and b>1795849445 and c>1795849445678000");
    }

    @Test
    void aUrlEncodedWhereIsDecoded() {
        UrlTemplate template = UrlTemplate.parse("/hubs/finance/customers?where=name%3D%27A%2BB%27");
        assertThat(template.renderWhere(SINCE, ZoneOffset.UTC)).hasValue("name='A+B'");
    }

    @Test
    void issue17PercentSignsReachTheTranslatorAsWritten() {
        assertThat(translated("name LIKE '%Bee'")).isEqualTo("endswith(name,'Bee')");
        assertThat(translated("name LIKE 'Acme%'")).isEqualTo("startswith(name,'Acme')");
        assertThat(translated("name LIKE '%ac%'")).isEqualTo("contains(name,'ac')");
        assertThat(translated("name = '100%'")).isEqualTo("name eq '100%'");
    }

    @Test
    void anAmpersandInsideQuotesIsPartOfTheValueNotAParameterSeparator() {
        assertThat(translated("name = 'A&B' AND ref = 'x%26y'")).isEqualTo("name eq 'A&B' and ref eq 'x&y'");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?where=name = 'A'&top=1"))
                .hasMessageContaining("unsupported query parameter 'top'");
    }

    private static String translated(String where) {
        return CeqlTranslator.translate(UrlTemplate.parse("/hubs/finance/customers?where=" + where)
                .renderWhere(SINCE, ZoneOffset.UTC).orElseThrow());
    }

    @Test
    void noWhereMeansNoFilter() {
        assertThat(UrlTemplate.parse("/hubs/finance/warehouses").renderWhere(SINCE, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void badTemplatesAreRefusedWithAReason() {
        assertThatThrownBy(() -> UrlTemplate.parse("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> UrlTemplate.parse("/customers")).hasMessageContaining("/hubs/finance/");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?where=a='${date:yyyy'")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?where=a='${nope:x}'")).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?where=a='${date:qqq}'")).hasMessageContaining("bad date format");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?where=a='${epoch:h}'")).hasMessageContaining("s, ms or us");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?where=a='${dateTimeZone:Mars/Base:HH}'"))
                .hasMessageContaining("unknown time zone");
        assertThatThrownBy(() -> UrlTemplate.parse("/hubs/finance/customers?orderBy=x")).hasMessageContaining("unsupported query parameter");
    }
}
