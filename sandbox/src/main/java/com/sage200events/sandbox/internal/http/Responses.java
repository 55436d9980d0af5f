package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.store.StoredRecord;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Writes JSON the way Sage does: {@code application/json; charset=utf-8}, lists as bare arrays. */
final class Responses {

    static final String JSON = "application/json; charset=utf-8";

    private Responses() {}

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(SageJson.bytes(body));
    }

    static void record(Context ctx, int status, StoredRecord record) {
        ctx.status(status).contentType(JSON).result(record.json());
    }

    /** A bare JSON array: no {@code value} wrapper, no count, no next link. */
    static void records(Context ctx, List<StoredRecord> records) {
        int size = 2;
        for (StoredRecord record : records) {
            size += record.json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(records.get(i).json());
        }
        out.write(']');
        ctx.status(200).contentType(JSON).result(out.toByteArray());
    }

    static void empty(Context ctx, int status) {
        ctx.status(status).result(new byte[0]);
    }
}
