package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SandboxSite;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.odata.ODataQuery;
import com.sage200events.sandbox.internal.store.Operation;
import com.sage200events.sandbox.internal.store.ResourceStore;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sage 200 accounts API, under both editions' base paths.
 *
 * <p>Checks run in the order the real stack applies them: Azure API Management first (subscription
 * key, then the bearer token), then Sage's own site and company selection.
 */
final class SageApiRoutes {

    /** Sage 200 Professional (formerly Extra) and Sage 200 Standard; the data behind them is one. */
    static final List<String> BASE_PATHS = List.of("/uk/sage200extra/accounts/v1", "/uk/sage200/accounts/v1");

    private final SandboxState state;

    SageApiRoutes(SandboxState state) {
        this.state = state;
    }

    void register(JavalinDefaultRouting router) {
        for (String base : BASE_PATHS) {
            router.before(base + "/*", ctx -> guard(ctx, base));
            router.get(base + "/sites", this::sites);
            // Before the generic routes: Javalin takes the first route that matches.
            router.post(base + "/sales_invoices", ctx -> posted(ctx, state.postSalesInvoice(body(ctx))));
            router.post(base + "/sales_receipts", ctx -> posted(ctx, state.postSalesReceipt(body(ctx))));
            router.get(base + "/{resource}", this::list);
            router.get(base + "/{resource}/{id}", this::get);
            router.post(base + "/{resource}", this::create);
            router.put(base + "/{resource}/{id}", this::update);
            router.delete(base + "/{resource}/{id}", this::delete);
        }
    }

    private void guard(Context ctx, String base) {
        String key = ctx.header("ocp-apim-subscription-key");
        if (key == null || key.isBlank()) {
            throw ApiError.apim(401, "Access denied due to missing subscription key. "
                    + "Make sure to include subscription key when making requests to an API.");
        }
        String authorization = ctx.header("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (!state.tokens().isValidAccessToken(token)) {
            throw ApiError.unauthorizedEmpty();
        }
        if (!ctx.path().equals(base + "/sites")) {
            requireSite(ctx);
        }
    }

    /** Every resource but /sites runs against one company of one site, named in two headers. */
    private void requireSite(Context ctx) {
        String siteId = ctx.header("X-Site");
        if (siteId == null || siteId.isBlank()) {
            throw ApiError.badRequest("The 'X-Site' header is required: send the site_id of a site from GET /sites.");
        }
        List<SandboxSite> onSite = state.sites().stream().filter(s -> s.siteId().equalsIgnoreCase(siteId.trim())).toList();
        if (onSite.isEmpty()) {
            throw ApiError.badRequest("The site '" + siteId + "' in the 'X-Site' header is unknown or not available to this user.");
        }
        String company = ctx.header("X-Company");
        if (company == null || company.isBlank()) {
            throw ApiError.badRequest("The 'X-Company' header is required: send the company_id of a company from GET /sites.");
        }
        boolean known = onSite.stream().anyMatch(s -> Integer.toString(s.companyId()).equals(company.trim()));
        if (!known) {
            throw ApiError.badRequest("The company '" + company + "' in the 'X-Company' header does not exist on site '" + siteId + "'.");
        }
    }

    private void sites(Context ctx) {
        List<Map<String, Object>> body = state.sites().stream().map(SageApiRoutes::siteJson).toList();
        Responses.json(ctx, 200, FaultFilter.has(ctx, SandboxFault.Kind.VALUE_WRAPPER) ? Map.of("value", body) : body);
    }

    private static Map<String, Object> siteJson(SandboxSite site) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("company_id", site.companyId());
        json.put("company_name", site.companyName());
        json.put("site_id", site.siteId());
        json.put("site_name", site.siteName());
        json.put("site_short_name", site.siteShortName());
        json.put("tenant_id", site.tenantId());
        return json;
    }

    private void list(Context ctx) {
        ResourceStore store = store(ctx, Operation.LIST);
        ODataQuery query = ODataQuery.parse(ctx.queryParamMap(), store.schema());
        List<StoredRecord> page = store.list(query);
        // The page is read; a hook may now change records before the client can ask for the next one.
        state.hooks().pageServed(store.resource(), query.isContinuation());
        Responses.records(ctx, page, query.select(), query.count() ? () -> store.count(query) : null);
    }

    private void get(Context ctx) {
        ResourceStore store = store(ctx, Operation.GET);
        long id = id(ctx);
        Responses.record(ctx, 200, store.find(id).orElseThrow(() -> store.notFound(id)));
    }

    /** Sage answers a created record with 200, not 201 (per its OpenAPI files). */
    private void create(Context ctx) {
        ResourceStore store = store(ctx, Operation.CREATE);
        StoredRecord record = state.create(store.resource(), body(ctx), WriteMode.SAGE);
        Responses.record(ctx, 200, record);
    }

    private void update(Context ctx) {
        ResourceStore store = store(ctx, Operation.UPDATE);
        StoredRecord record = state.update(store.resource(), id(ctx), body(ctx), WriteMode.SAGE);
        Responses.record(ctx, 200, record);
    }

    /** Sage's files promise 200 and no content for a delete. */
    private void delete(Context ctx) {
        ResourceStore store = store(ctx, Operation.DELETE);
        state.delete(store.resource(), id(ctx));
        Responses.empty(ctx, 200);
    }

    /**
     * An invoice or receipt was posted: Sage answers with the URN of the posted transaction it created,
     * a string in its schema ({@code urn}), though the transaction's own {@code urn} field is an integer.
     */
    private static void posted(Context ctx, StoredRecord transaction) {
        Responses.json(ctx, 200, Map.of("urn", String.valueOf(transaction.values().get("urn"))));
    }

    private ResourceStore store(Context ctx, Operation operation) {
        ResourceStore store = state.requireStore(ctx.pathParam("resource"));
        if (!store.allows(operation)) {
            throw ApiError.methodNotAllowed(ctx.method().name());
        }
        return store;
    }

    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("The request is invalid. The value '" + raw + "' is not valid for Id.");
        }
    }

    static Map<String, Object> body(Context ctx) {
        try {
            return SageJson.object(ctx.bodyAsBytes());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("The request is invalid. The request body must be a JSON object.");
        }
    }
}
