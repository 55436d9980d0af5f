package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One error shape for every route, {@code {"message": …, "errors": [{"field", "message"}]}}, and the request
 * size limit. A person reading any 4xx learns which field to fix; a 5xx means a fault of ours, never of the input.
 */
public final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Error handlers, the JSON 404 of unknown routes, and a 413 for any body larger than {@code maxRequestBytes}. */
    public static void mount(Javalin app, int maxRequestBytes) {
        app.before(ctx -> {
            if (ctx.contentLength() > maxRequestBytes) {
                throw tooLarge(maxRequestBytes);
            }
        });
        app.exception(ValidationException.class, (e, ctx) -> ctx.status(400).json(body(
                "invalid request: " + e.errors().size() + " field(s) to fix", e.errors())));
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(body(e.getMessage(),
                e.field() == null ? List.of() : List.of(new FieldError(e.field(), e.getMessage())))));
        // Javalin's own refusals (an unknown route, a body over its limit) in our shape too.
        app.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(body(e.getMessage(),
                switch (e.getStatus()) {
                    case 404 -> List.of(new FieldError("path", "no such route; see /openapi.json"));
                    case 413 -> List.of(new FieldError("body", e.getMessage()));
                    default -> List.<FieldError>of();
                })));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(body("internal error", List.of()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(body("no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json",
                        List.of(new FieldError("path", "no such route"))));
            }
        });
    }

    /**
     * The request body as JSON, read no further than {@code maxRequestBytes} (chunked bodies carry no length), and
     * strictly: UTF-8, no key twice in one object, finite numbers ({@link RequestBody}). Every route that takes a body
     * reads it here, so each gets the same 400s.
     */
    public static JsonNode jsonBody(Context ctx, int maxRequestBytes) {
        return RequestBody.parse(bytes(ctx, maxRequestBytes));
    }

    /** As {@link #jsonBody}, for a route whose body may be left out: empty when it is (no bytes, or only whitespace). */
    static Optional<JsonNode> optionalJsonBody(Context ctx, int maxRequestBytes) {
        byte[] bytes = bytes(ctx, maxRequestBytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).isBlank() ? Optional.empty() : Optional.of(RequestBody.parse(bytes));
    }

    private static byte[] bytes(Context ctx, int maxRequestBytes) {
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(maxRequestBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        if (bytes.length > maxRequestBytes) {
            throw tooLarge(maxRequestBytes);
        }
        return bytes;
    }

    static Map<String, Object> body(String message, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("errors", errors);
        return body;
    }

    private static ApiException tooLarge(int maxRequestBytes) {
        return new ApiException(413, "body", "is larger than " + maxRequestBytes + " bytes");
    }
}
