package com.sage200events.sandbox;

import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.http.HttpServer;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A running Sage 200 simulator: Sage ID's OAuth endpoints, the accounts API (both editions) and an
 * admin API under {@code /_sandbox}. The data lives in memory. Besides serving records faithfully, it
 * can be made as hard on a poller as the real one gets: faults on demand ({@link #addFault}), records
 * changing between the pages of a poll ({@link #addPageHook}), a ledger that changes on its own
 * ({@link #startActivity}) and a clock that runs off ours ({@link #setClockOffset}).
 *
 * <pre>{@code
 * try (Sandbox sage = Sandbox.start(SandboxConfig.defaults())) {
 *   Map<String, Object> customer = sage.create("customers", Map.of("name", "Acme"));
 *   // point the worker at sage.apiBaseUrl() and sage.baseUrl() + "/oauth/token"
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

    /** Sage 200 Professional's base path; Standard's ({@code /uk/sage200/accounts/v1}) works too. */
    public static final String API_PATH = "/uk/sage200extra/accounts/v1";

    private final SandboxConfig config;
    private final SandboxState state;
    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Sandbox(SandboxConfig config, SandboxState state, HttpServer server) {
        this.config = config;
        this.state = state;
        this.server = server;
    }

    /** Starts the server and returns once it accepts connections. */
    public static Sandbox start(SandboxConfig config) {
        SandboxState state = new SandboxState(config);
        return new Sandbox(config, state, HttpServer.start(config, state));
    }

    public int port() {
        return server.port();
    }

    /** E.g. {@code http://127.0.0.1:8090}; Sage ID's endpoints are {@code /authorize} and {@code /oauth/token} below it. */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    public String apiBaseUrl() {
        return baseUrl() + API_PATH;
    }

    public String authorizeUrl() {
        return baseUrl() + "/authorize";
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth/token";
    }

    public List<SandboxSite> sites() {
        return config.sites();
    }

    /**
     * Creates a record as the admin API does: missing fields get defaults, read-only fields (and
     * {@code date_time_created}/{@code date_time_updated}) may be set, unknown fields are refused.
     *
     * @return the record as Sage's API would return it, parsed: strings (datetimes in Sage's format),
     *     Integer/Long, BigDecimal for decimals (exact, with Sage's scale), Boolean, maps, lists, null
     * @throws IllegalArgumentException for an unknown resource or a field that does not fit the schema
     */
    public Map<String, Object> create(String resource, Map<String, Object> fields) {
        return asJson(() -> state.create(resource, fields, WriteMode.ADMIN));
    }

    /**
     * Changes the given fields only and sets {@code date_time_updated} to now on Sage's clock (unless
     * {@code fields} sets it).
     *
     * @throws IllegalArgumentException for an unknown resource or id, or a field that does not fit
     */
    public Map<String, Object> update(String resource, long id, Map<String, Object> fields) {
        return asJson(() -> state.update(resource, id, fields, WriteMode.ADMIN));
    }

    /** Deletes a record, as Sage's {@code DELETE /{resource}/{id}} does. @throws IllegalArgumentException for an unknown id */
    public void delete(String resource, long id) {
        asJson(() -> state.delete(resource, id));
    }

    /**
     * Brings a deleted record back under its old id, stamped now on Sage's clock with its old {@code date_time_created}:
     * the id reappears, as after a restore in Sage.
     *
     * @return the record as Sage's API would return it
     * @throws IllegalArgumentException when no deleted record had the id, or the id exists
     */
    public Map<String, Object> restore(String resource, long id) {
        return asJson(() -> state.restore(resource, id));
    }

    /**
     * Posts a sales invoice as {@code POST /sales_invoices} does (a body in Sage's {@code sales_invoice}
     * shape; {@code customer_id} required).
     *
     * @return the {@code sales_posted_transaction} it created, of type {@code TradingAccountEntryTypeInvoice}
     */
    public Map<String, Object> postSalesInvoice(Map<String, Object> body) {
        return asJson(() -> state.postSalesInvoice(body));
    }

    /**
     * Posts a sales receipt as {@code POST /sales_receipts} does ({@code customer_id}, {@code bank_id} and
     * {@code cheque_value} required).
     *
     * @return the {@code sales_posted_transaction} it created, of type
     *     {@code TradingAccountEntryTypePurchasePaymentSalesReceipt}
     */
    public Map<String, Object> postSalesReceipt(Map<String, Object> body) {
        return asJson(() -> state.postSalesReceipt(body));
    }

    /** Creates many records at once with laid-out stamps. @throws IllegalArgumentException for bad fields */
    public SeedResult seed(SeedSpec spec) {
        return call(() -> state.seed(spec));
    }

    /** Now on Sage's clock (ours plus the offset), to Sage's millisecond. */
    public Instant now() {
        return state.now();
    }

    /** How far Sage's clock runs ahead of (positive) or behind (negative) the configured clock. */
    public Duration clockOffset() {
        return state.sageClock().offset();
    }

    /** Moves Sage's clock relative to ours from now on: new stamps and token expiry follow it. */
    public void setClockOffset(Duration offset) {
        state.sageClock().setOffset(offset);
    }

    /** Adds a fault; faults fire in the order they were added. @return its id */
    public String addFault(SandboxFault fault) {
        return state.faults().add(fault);
    }

    public List<ActiveFault> faults() {
        return state.faults().list();
    }

    /** @throws IllegalArgumentException when no fault has that id */
    public void removeFault(String id) {
        if (!state.faults().remove(id)) {
            throw new IllegalArgumentException("no fault with id " + id);
        }
    }

    public void clearFaults() {
        state.faults().clear();
    }

    /**
     * Adds a hook that updates records between two pages of a poll (see {@link PageHook}).
     *
     * @return its id
     * @throws IllegalArgumentException for an unknown resource or a hook that names no records
     */
    public String addPageHook(PageHook hook) {
        return call(() -> state.addPageHook(hook));
    }

    /**
     * Runs {@code action} once the {@code n}-th list request to {@code resource} (from now, matching
     * {@code match}) has been answered and before its page is sent; the next page sees what it changed.
     *
     * @return the hook's id
     */
    public String afterListRequests(String resource, int n, PageHook.Match match, Runnable action) {
        return call(() -> state.addPageHook(resource, n, match, action));
    }

    public List<ActiveHook> pageHooks() {
        return state.hooks().list();
    }

    public void clearPageHooks() {
        state.hooks().clear();
    }

    /**
     * Starts changing records in the background at the configured rate (restarting if running).
     *
     * @throws IllegalArgumentException for a resource the sandbox does not serve
     */
    public void startActivity(ActivityConfig activity) {
        state.activity().start(activity);
    }

    /** Stops the background activity (idempotent); changes already made stay. */
    public void stopActivity() {
        state.activity().stop();
    }

    public ActivityStatus activity() {
        return state.activity().status();
    }

    /**
     * Makes {@code operations} changes now, on this thread, with a generator seeded from {@code activity}
     * (its rate is ignored): the same data and configuration always make the same changes.
     *
     * @return the number of operations made
     */
    public long runActivity(ActivityConfig activity, int operations) {
        return call(() -> state.activity().runNow(activity, operations));
    }

    /**
     * The change log: every create and update of every record since the sandbox started (seed data, admin API,
     * Sage API and background activity alike; a {@link #reset()} does not clear it), oldest first, up to
     * {@code limit} entries with a {@link SandboxChange#seq()} above {@code afterSeq}. Page through it by passing
     * the last seq read. It keeps the newest million changes.
     */
    public List<SandboxChange> changes(long afterSeq, int limit) {
        return state.changes().after(afterSeq, limit);
    }

    /** The seq of the last change made: {@link #changes} from here on returns only later ones. */
    public long lastChangeSeq() {
        return state.changes().lastSeq();
    }

    /** The last {@link SandboxConfig#requestLogSize()} requests served on the Sage surface, oldest first. */
    public List<SandboxRequest> requests() {
        return state.requests().snapshot();
    }

    public void clearRequests() {
        state.requests().clear();
    }

    /** Every access token issued so far is rejected from now on; refresh tokens keep working. */
    public void expireTokensNow() {
        state.tokens().expireAccessTokens();
    }

    /**
     * Back to the default data (or none, see {@link SandboxConfig#seedData()}), with no faults, no page
     * hooks, no activity and the configured clock offset; tokens stay valid and ids keep increasing.
     */
    public void reset() {
        state.reset();
    }

    /** Stops the activity and the server. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            state.close();
            server.close();
        }
    }

    private static Map<String, Object> asJson(Supplier<StoredRecord> write) {
        return SageJson.object(call(write).json());
    }

    /** The admin API's refusals (404, 400) become what a Java caller expects. */
    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
