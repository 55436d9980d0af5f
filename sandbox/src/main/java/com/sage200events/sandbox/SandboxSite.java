package com.sage200events.sandbox;

import java.util.Objects;

/**
 * One entry of Sage's {@code GET /sites}: a site (GUID, sent back as {@code X-Site}) and one of its
 * companies (int id, sent back as {@code X-Company}).
 */
public record SandboxSite(
        int companyId, String companyName, String siteId, String siteName, String siteShortName, String tenantId) {

    /** The default data's only site; its company name is what the seed document's example selects. */
    public static final SandboxSite DEMO = new SandboxSite(
            1,
            "Cloud-Elements Demodata",
            "6d1a8b7e-3f4c-4b1e-9a63-2c5d8e7f0a11",
            "Cloud-Elements Demodata",
            "CEDEMO",
            "0b9e4c2d-7a1f-4e3b-8c5d-1f2a3b4c5d6e");

    public SandboxSite {
        if (companyId <= 0) {
            throw new IllegalArgumentException("companyId must be positive, was " + companyId);
        }
        requireText(companyName, "companyName");
        requireText(siteId, "siteId");
        requireText(siteName, "siteName");
        requireText(siteShortName, "siteShortName");
        requireText(tenantId, "tenantId");
    }

    private static void requireText(String value, String field) {
        if (Objects.requireNonNullElse(value, "").isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
