package com.sage200events.scheduler.internal;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves our OpenAPI 3 document at {@code /openapi.json}. It is written by hand next to the routes (a resource
 * of this module); {@code OpenApiContractIT} fails when a route is added, removed or renamed without it.
 */
public final class OpenApiDocument {

    public static final String RESOURCE = "/com/sage200events/scheduler/openapi.json";

    private OpenApiDocument() {
    }

    public static void mount(Javalin app) {
        byte[] document = load();
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }

    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the scheduler jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
