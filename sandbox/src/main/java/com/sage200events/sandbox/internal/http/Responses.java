package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SandboxFault.Kind;
import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.store.StoredRecord;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writes JSON the way Sage does ({@code application/json; charset=utf-8}, lists as bare arrays), and
 * spoils it when the fault filter says so: cut mid-body, truncated, or wrapped in {@code {"value": …}}.
 */
final class Responses {

    static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        send(ctx, status, JSON, SageJson.bytes(body));
    }

    static void record(Context ctx, int status, StoredRecord record) {
        send(ctx, status, JSON, record.json());
    }

    static void records(Context ctx, List<StoredRecord> records) {
        records(ctx, records, List.of(), null);
    }

    /**
     * A bare JSON array: no {@code value} wrapper, no count, no next link. Records are pre-rendered, so a
     * page is their bytes joined; a {@code $select} renders just the chosen properties.
     *
     * @param count the {@code $count} to write if a fault wraps the list as OData would, or null for none
     */
    static void records(Context ctx, List<StoredRecord> records, List<String> select, LongSupplier count) {
        List<byte[]> items = records.stream().map(r -> select.isEmpty() ? r.json() : SageJson.bytes(project(r, select))).toList();
        byte[] open = "[".getBytes(StandardCharsets.UTF_8);
        if (FaultFilter.has(ctx, Kind.VALUE_WRAPPER)) {
            open = (count == null ? "{\"value\":[" : "{\"@odata.count\":" + count.getAsLong() + ",\"value\":[")
                    .getBytes(StandardCharsets.UTF_8);
        }
        byte[] close = open.length > 1 ? new byte[] {']', '}'} : new byte[] {']'};
        int size = open.length + close.length + Math.max(0, items.size() - 1);
        for (byte[] item : items) {
            size += item.length;
        }
        SandboxFault fault = FaultFilter.fault(ctx);
        if (fault == null || fault.kind() == Kind.VALUE_WRAPPER) {
            stream(ctx, size, open, items, close);
            return;
        }
        byte[] body = new byte[size];
        System.arraycopy(open, 0, body, 0, open.length);
        int at = open.length;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] item = items.get(i);
            System.arraycopy(item, 0, body, at, item.length);
            at += item.length;
        }
        System.arraycopy(close, 0, body, at, close.length);
        send(ctx, 200, JSON, body);
    }

    /**
     * Writes the records' pre-rendered bytes straight to the connection: a 500-customer page is ~1.8 MB,
     * and copying it into one array first costs a large allocation per page (a humongous one for G1).
     */
    private static void stream(Context ctx, int size, byte[] open, List<byte[]> items, byte[] close) {
        ctx.status(200).contentType(JSON);
        ctx.res().setContentLength(size);
        try {
            OutputStream out = ctx.res().getOutputStream();
            out.write(open);
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(items.get(i));
            }
            out.write(close);
        } catch (IOException e) {
            // The client went away mid-page: nothing to answer, and nothing the sandbox should log as its failure.
        }
    }

    static void empty(Context ctx, int status) {
        ctx.status(status).result(new byte[0]);
    }

    /** Writes a fault the filter raised in place of the route's answer. */
    static void injected(Context ctx, InjectedFault fault) {
        fault.headers().forEach(ctx::header);
        ctx.status(fault.status()).contentType(fault.contentType()).result(fault.body());
    }

    private static void send(Context ctx, int status, String contentType, byte[] body) {
        SandboxFault fault = FaultFilter.fault(ctx);
        if (fault != null && fault.kind() == Kind.CUT_CONNECTION && body.length > 0) {
            cut(ctx, status, contentType, body);
            return;
        }
        byte[] sent = body;
        if (fault != null && fault.kind() == Kind.TRUNCATED_JSON && body.length > 1) {
            // Two thirds of the document: always inside it, so the JSON never closes.
            sent = java.util.Arrays.copyOf(body, Math.max(1, body.length * 2 / 3));
        }
        ctx.status(status).contentType(contentType).result(sent);
    }

    /**
     * Promises the whole body in Content-Length, sends half of it and drops the connection: the client
     * sees a good status line, then an early end of stream.
     */
    private static void cut(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status).contentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            OutputStream out = ctx.res().getOutputStream();
            out.write(body, 0, body.length / 2);
            out.flush();
        } catch (IOException e) {
            return; // the client left first; nothing more to break
        }
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel()
                .abort(new IOException("connection cut by the sandbox (fault cut_connection)"));
    }

    private static Map<String, Object> project(StoredRecord record, List<String> select) {
        Map<String, Object> projection = new LinkedHashMap<>();
        for (String name : select) {
            projection.put(name, record.values().get(name));
        }
        return projection;
    }
}
