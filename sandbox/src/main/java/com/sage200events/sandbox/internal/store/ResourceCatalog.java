package com.sage200events.sandbox.internal.store;

import static com.sage200events.sandbox.internal.store.Operation.CREATE;
import static com.sage200events.sandbox.internal.store.Operation.DELETE;
import static com.sage200events.sandbox.internal.store.Operation.GET;
import static com.sage200events.sandbox.internal.store.Operation.LIST;
import static com.sage200events.sandbox.internal.store.Operation.UPDATE;

import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The resources the sandbox serves, one store each. */
public final class ResourceCatalog {

    private final Map<String, ResourceStore> stores = new LinkedHashMap<>();
    private final ChangeLog changeLog;

    private ResourceCatalog(ChangeLog changeLog) {
        this.changeLog = changeLog;
    }

    /** {@link #standard(ChangeLog)} without a change log. */
    public static ResourceCatalog standard() {
        return standard(ChangeLog.none());
    }

    /**
     * Every resource the pipeline polls, with the operations Sage's OpenAPI files give them, each writing to
     * {@code changeLog}. Adding a
     * resource is one line here plus its {@code .schema} file (see {@code tools/extract_schemas.py}).
     */
    public static ResourceCatalog standard(ChangeLog changeLog) {
        return new ResourceCatalog(changeLog)
                .register("customers", LIST, GET, CREATE, UPDATE, DELETE)
                .register("products", LIST, GET, CREATE, UPDATE, DELETE)
                .register("warehouses", LIST, GET, CREATE, UPDATE, DELETE)
                .register("warehouse_holdings", LIST, GET, CREATE, UPDATE, DELETE)
                // Posted transactions cannot be POSTed or deleted: Sage creates them from /sales_invoices,
                // /sales_receipts… (see SalesPosting), and PUT changes only the queried flag.
                .register("sales_posted_transactions", LIST, GET, UPDATE)
                .register("suppliers", LIST, GET, CREATE, UPDATE, DELETE)
                .register("sop_orders", LIST, GET, CREATE, UPDATE, DELETE)
                .register("nominal_codes", LIST, GET, CREATE, UPDATE, DELETE);
    }

    ResourceCatalog register(String resource, Operation... operations) {
        stores.put(resource, new ResourceStore(SchemaReader.load(resource), Set.of(operations), changeLog));
        return this;
    }

    public Optional<ResourceStore> store(String resource) {
        return Optional.ofNullable(stores.get(resource));
    }

    public List<String> names() {
        return List.copyOf(stores.keySet());
    }

    public Collection<ResourceStore> stores() {
        return Collections.unmodifiableCollection(stores.values());
    }

    /** Drops every record; id sequences continue (see {@link ResourceStore}). */
    public void clear() {
        stores.values().forEach(ResourceStore::clear);
    }
}
