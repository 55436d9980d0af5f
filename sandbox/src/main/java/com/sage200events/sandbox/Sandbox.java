package com.sage200events.sandbox;

import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.http.HttpServer;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Sage 200 simulator: Sage ID's OAuth endpoints, the accounts API (both editions) and a
 * small admin API under {@code /_sandbox}. The data lives in memory.
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

    /** Back to the default data (or none, see {@link SandboxConfig#seedData()}); tokens stay valid. */
    public void reset() {
        state.reset();
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
        }
    }

    private static Map<String, Object> asJson(java.util.function.Supplier<StoredRecord> write) {
        try {
            return SageJson.object(write.get().json());
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
