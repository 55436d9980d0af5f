package com.sage200events.scheduler.internal;

import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.RedisStores;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Who may call: resolves the organization of account credentials ({@code User …, Organization …}) and the
 * instance a request may touch (by its organization, or by its own {@code User …, Element <token>}).
 * Every route about an instance goes through {@link #instance}, so another organization's instance is a
 * {@code 404} everywhere alike.
 */
public final class ApiAccess {

    private final InstanceService instances;
    private final Accounts accounts;

    ApiAccess(InstanceService instances, Accounts accounts) {
        this.instances = instances;
        this.accounts = accounts;
    }

    /** Over the organizations and users in {@code redis}, plus the account configured in the environment. */
    public static ApiAccess create(InstanceService instances, RedisStores redis, String userSecret,
                                   String organizationSecret, Clock clock) {
        return new ApiAccess(instances, new Accounts(redis.accounts(), userSecret, organizationSecret, clock));
    }

    Accounts accounts() {
        return accounts;
    }

    /** The organization the account credentials belong to; anything else is a 401. */
    public String organization(Context ctx) {
        Credentials credentials = Credentials.parse(ctx.header("Authorization")).orElseThrow(ApiException::unauthorized);
        if (credentials.organization() == null) {
            throw ApiException.unauthorized();
        }
        return accounts.organization(credentials.user(), credentials.organization()).orElseThrow(ApiException::unauthorized);
    }

    /** The instance named by the {@code {id}} path parameter, if the caller may see it; else 401 or 404. */
    public StoredInstance instance(Context ctx) {
        long id = pathId(ctx);
        Credentials credentials = Credentials.parse(ctx.header("Authorization")).orElseThrow(ApiException::unauthorized);
        if (credentials.element() != null) {
            String organization = accounts.organizationOfUser(credentials.user()).orElseThrow(ApiException::unauthorized);
            StoredInstance byToken = instances.byToken(credentials.element());
            // A token names one instance, and only for a user of that instance's organization.
            if (byToken.id() != id || !byToken.organization().equals(organization)) {
                throw ApiException.notFound("instance " + id, "id");
            }
            return byToken;
        }
        return instances.owned(organization(ctx), id);
    }

    private static long pathId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("instance", "id");
        }
    }
}
