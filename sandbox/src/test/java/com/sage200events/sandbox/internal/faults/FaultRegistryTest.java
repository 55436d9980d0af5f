package com.sage200events.sandbox.internal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SandboxFault.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultRegistryTest {

    private final FaultRegistry faults = new FaultRegistry();

    @Test
    void aCountedFaultFiresOnTheNextNMatchingRequestsOnly() {
        faults.add(SandboxFault.serverError("/customers", 503).times(2));

        assertThat(faults.decide("/products", true).fault()).as("another path").isNull();
        assertThat(faults.decide("/customers", true).is(Kind.SERVER_ERROR)).isTrue();
        assertThat(faults.decide("/customers", true).is(Kind.SERVER_ERROR)).isTrue();
        assertThat(faults.decide("/customers", true).fault()).isNull();
        assertThat(faults.list()).singleElement().satisfies(f -> {
            assertThat(f.fired()).isEqualTo(2);
            assertThat(f.spent()).isTrue();
        });
    }

    @Test
    void aSeededRateFiresOnTheSameRequestsEveryRun() {
        List<Boolean> first = draws(SandboxFault.throttle("*", 1).rate(0.3, 42));
        List<Boolean> second = draws(SandboxFault.throttle("*", 1).rate(0.3, 42));
        List<Boolean> otherSeed = draws(SandboxFault.throttle("*", 1).rate(0.3, 43));

        assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
        assertThat(first.stream().filter(b -> b).count()).as("about 30%% of 200").isBetween(40L, 80L);
    }

    @Test
    void latenciesAddUpAndTheFirstOtherFaultWinsWithoutSpendingTheRest() {
        faults.add(SandboxFault.latency("*", Duration.ofMillis(30)));
        faults.add(SandboxFault.throttle("/customers*", 5));
        faults.add(SandboxFault.latency("/customers", Duration.ofMillis(20)));
        faults.add(SandboxFault.serverError("*", 500));

        FaultRegistry.Decision decision = faults.decide("/customers", true);

        assertThat(decision.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(decision.is(Kind.THROTTLE)).isTrue();
        assertThat(faults.list().get(3).fired()).as("the 500 was not drawn").isZero();
        assertThat(faults.decide("/customers", true).is(Kind.SERVER_ERROR)).isTrue();
    }

    @Test
    void theValueWrapperOnlyTouchesLists() {
        faults.add(SandboxFault.valueWrapper("/customers*"));

        assertThat(faults.decide("/customers/1001", false).fault()).isNull();
        assertThat(faults.decide("/customers", true).is(Kind.VALUE_WRAPPER)).isTrue();
    }

    @Test
    void globsMatchAnyRunOfCharacters() {
        assertThat(new PathGlob("*").matches("/oauth/token")).isTrue();
        assertThat(new PathGlob("/customers").matches("/customers/1")).isFalse();
        assertThat(new PathGlob("/customers*").matches("/customers/1")).isTrue();
        assertThat(new PathGlob("/*/1001").matches("/products/1001")).isTrue();
        assertThat(new PathGlob("/sales_posted_transactions").matches("/sales_posted_transactionsX")).isFalse();
    }

    @Test
    void removedAndClearedFaultsStopFiring() {
        String id = faults.add(SandboxFault.htmlPage("*").always());
        assertThat(faults.decide("/sites", true).is(Kind.HTML_PAGE)).isTrue();

        assertThat(faults.remove(id)).isTrue();

        assertThat(faults.decide("/sites", true).fault()).isNull();
        assertThat(faults.remove(id)).isFalse();
    }

    private static List<Boolean> draws(SandboxFault fault) {
        FaultRegistry registry = new FaultRegistry();
        registry.add(fault);
        List<Boolean> fired = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fired.add(registry.decide("/customers", true).fault() != null);
        }
        return fired;
    }
}
