package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.sandbox.internal.SageTime;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change log: every write, in order, with the stamp the record got; what a soak reckons against. */
class ChangeLogIT {

    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SageClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void everyActivityWriteIsLoggedInOrderWithTheStampItsRecordGot() {
        long before = sandbox.lastChangeSeq();
        sandbox.runActivity(ActivityConfig.defaults().withResources(List.of("customers", "products")), 300);

        List<SandboxChange> changes = sandbox.changes(before, 1_000);
        assertThat(changes).hasSize(300);
        assertThat(changes).extracting(SandboxChange::seq).isSorted().doesNotHaveDuplicates();
        assertThat(changes.get(0).seq()).isEqualTo(before + 1);
        assertThat(changes).extracting(SandboxChange::resource).containsOnly("customers", "products");
        Map<String, SandboxChange> last = new HashMap<>();
        changes.forEach(c -> last.put(c.resource() + "/" + c.id(), c));
        for (String resource : List.of("customers", "products")) {
            for (Map<String, Object> record : SageClient.array(client.admin("GET", "/_sandbox/resources/" + resource, null))) {
                SandboxChange change = last.get(resource + "/" + record.get("id"));
                if (change != null) {
                    assertThat(SageTime.parse((String) record.get("date_time_updated"))).as("stamp of " + change)
                            .isEqualTo(change.updated());
                }
            }
        }
        assertThat(sandbox.changes(changes.get(149).seq(), 1_000)).containsExactlyElementsOf(changes.subList(150, 300));

        Map<String, Object> renamed = sandbox.update("customers", changes.get(0).id(), Map.of("name", "Renamed"));
        SandboxChange logged = sandbox.changes(sandbox.lastChangeSeq() - 1, 1).get(0);
        assertThat(logged.id()).isEqualTo(changes.get(0).id());
        assertThat(logged.updated()).isEqualTo(SageTime.parse((String) renamed.get("date_time_updated")));
    }

    @Test
    void theAdminApiPagesThroughTheLogAndNamesABadParameter() {
        long before = sandbox.lastChangeSeq();
        sandbox.runActivity(ActivityConfig.defaults().withResources(List.of("customers")), 5);

        Map<String, Object> page = SageClient.json(client.admin("GET", "/_sandbox/changes?after=" + before + "&limit=3", null));
        assertThat(page.get("lastSeq")).isEqualTo((int) (before + 5));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) page.get("changes");
        assertThat(changes).hasSize(3);
        assertThat(changes.get(0)).containsKeys("seq", "resource", "id", "updated", "at").containsEntry("resource", "customers");

        HttpResponse<String> bad = client.admin("GET", "/_sandbox/changes?limit=-1", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit");
    }
}
