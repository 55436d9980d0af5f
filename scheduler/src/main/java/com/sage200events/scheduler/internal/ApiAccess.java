package com.sage200events.scheduler.internal;

import com.sage200events.common.model.StoredInstance;
import io.javalin.http.Context;

/**
 * Who may call: resolves the organization of account credentials ({@code User …, Organization …}) and the
 * instance a request may touch (by its organization, or by its own {@code User …, Element <token>}).
 * Every route about an instance goes through {@link #instance}, so another organization's instance is a
 * {@code 404} everywhere alike.
 */
public final class ApiAccess {

    private final InstanceService instances;
    private final String userSecret;
    private final String organizationSecret;

    public ApiAccess(InstanceService instances, String userSecret, String organizationSecret) {
        this.instances = instances;
        this.userSecret = userSecret;
        this.organizationSecret = organizationSecret;
    }

    /** The organization the account credentials belong to; anything else is a 401. */
    public String organization(Context ctx) {
        Credentials credentials = Credentials.parse(ctx.header("Authorization")).orElseThrow(ApiException::unauthorized);
        if (credentials.organization() == null || !Secrets.same(credentials.user(), userSecret)
                || !Secrets.same(credentials.organization(), organizationSecret)) {
            throw ApiException.unauthorized();
        }
        return "default";
    }

    /** The instance named by the {@code {id}} path parameter, if the caller may see it; else 401 or 404. */
    public StoredInstance instance(Context ctx) {
        long id = pathId(ctx);
        Credentials credentials = Credentials.parse(ctx.header("Authorization")).orElseThrow(ApiException::unauthorized);
        if (credentials.element() != null) {
            if (!Secrets.same(credentials.user(), userSecret)) {
                throw ApiException.unauthorized();
            }
            StoredInstance byToken = instances.byToken(credentials.element());
            if (byToken.id() != id) {
                throw ApiException.notFound("instance " + id);
            }
            return byToken;
        }
        return instances.owned(organization(ctx), id);
    }

    private static long pathId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("instance " + ctx.pathParam("id"));
        }
    }
}
