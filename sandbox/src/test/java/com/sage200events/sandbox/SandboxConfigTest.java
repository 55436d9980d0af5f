package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {

    @Test
    void defaultsMatchSage() {
        SandboxConfig config = SandboxConfig.defaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(480));
        assertThat(config.clockOffset()).isZero();
        assertThat(config.seedData()).isTrue();
        assertThat(config.sites()).extracting(SandboxSite::companyName).containsExactly("Cloud-Elements Demodata");
    }

    @Test
    void invalidValuesAreRefusedNamingTheField() {
        SandboxConfig config = SandboxConfig.defaults();

        assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> config.withHost(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> config.withAccessTokenLifetime(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessTokenLifetime");
        assertThatThrownBy(() -> config.withAccessTokenLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessTokenLifetime");
        assertThatThrownBy(() -> config.withRequestLogSize(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestLogSize");
        assertThatThrownBy(() -> config.withSites(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sites");
        assertThatThrownBy(() -> config.withClock(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
    }

    @Test
    void sitesAreCopied() {
        List<SandboxSite> sites = new java.util.ArrayList<>(List.of(SandboxSite.DEMO));
        SandboxConfig config = SandboxConfig.defaults().withSites(sites);
        sites.clear();

        assertThat(config.sites()).hasSize(1);
    }

    @Test
    void mainReadsThePortFromTheEnvironmentValue() {
        assertThat(SandboxMain.port(null)).isEqualTo(8090);
        assertThat(SandboxMain.port(" 9001 ")).isEqualTo(9001);
        assertThatThrownBy(() -> SandboxMain.port("eighty")).hasMessageContaining("SANDBOX_PORT");
    }
}
