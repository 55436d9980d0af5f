package com.sage200events.common.http;

import com.sage200events.common.model.CallableUrl;
import com.sage200events.common.model.ValidationException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses callback URLs that would make us a proxy into our own network (SSRF). The host is resolved and
 * <em>every</em> address it resolves to is checked, so a public name pointing at 127.0.0.1 or at the cloud
 * metadata service is caught. The resolution goes through the JVM's address cache, which the HTTP client
 * then reads too, so a check just before connecting sees what the connection will use.
 *
 * <p>{@link Mode#PRODUCTION} refuses loopback, private (RFC 1918, IPv6 unique-local, carrier-grade NAT),
 * link-local (which holds 169.254.169.254, the metadata address of AWS, GCP and Azure), unspecified and
 * multicast addresses. {@link Mode#DEV} allows loopback and private addresses (a receiver on this machine
 * or in a compose network) but still refuses link-local and metadata. Hosts or CIDR ranges on the
 * allow-list pass in either mode.
 *
 * <p>A URL that cannot be called at all ({@link CallableUrl}) is refused too; a host that does not resolve is not
 * ({@link #verdict(String)} says why). Reusable wherever a callback URL enters: instance create, PATCH, and each delivery.
 */
public final class CallbackUrlGuard {

    /** {@code DELIVERY_MODE}: {@code production} (the default of the standalone services) or {@code dev}. */
    public enum Mode { PRODUCTION, DEV }

    public static final String MODE_ENV = "DELIVERY_MODE";
    public static final String ALLOWED_HOSTS_ENV = "DELIVERY_ALLOWED_HOSTS";
    /** JVM-wide fallback when the environment says nothing: the dev launcher sets it to {@code dev}. */
    public static final String MODE_PROPERTY = "delivery.mode";

    private final Mode mode;
    private final List<String> allowList;

    public CallbackUrlGuard(Mode mode, List<String> allowList) {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be set");
        }
        this.mode = mode;
        this.allowList = allowList.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        this.allowList.stream().filter(e -> e.contains("/")).forEach(CallbackUrlGuard::parseCidr);
    }

    public static CallbackUrlGuard production() {
        return new CallbackUrlGuard(Mode.PRODUCTION, List.of());
    }

    public static CallbackUrlGuard dev() {
        return new CallbackUrlGuard(Mode.DEV, List.of());
    }

    /** From {@code DELIVERY_MODE} (else the {@code delivery.mode} system property, else production) and {@code DELIVERY_ALLOWED_HOSTS}. */
    public static CallbackUrlGuard fromEnv(Map<String, String> env) {
        String mode = env.getOrDefault(MODE_ENV, System.getProperty(MODE_PROPERTY, "production"));
        String allowed = env.getOrDefault(ALLOWED_HOSTS_ENV, "");
        return new CallbackUrlGuard(parseMode(mode), Arrays.asList(allowed.split(",")));
    }

    public static Mode parseMode(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "production", "prod" -> Mode.PRODUCTION;
            case "dev", "development" -> Mode.DEV;
            default -> throw new IllegalArgumentException(MODE_ENV + " must be production or dev, not '" + text + "'");
        };
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The guard's answer for one URL: {@code refusal} says why it may not be called; an allowed URL may come with a
     * {@code note} for the user (its host does not resolve now).
     */
    public record Verdict(Optional<String> refusal, Optional<String> note) {

        static Verdict refused(String why) {
            return new Verdict(Optional.of(why), Optional.empty());
        }

        static Verdict allowed() {
            return new Verdict(Optional.empty(), Optional.empty());
        }
    }

    /**
     * Judges {@code url}: first its shape ({@link CallableUrl}: http(s), a host, a port in 1..65535), then every
     * address its host resolves to (blocking DNS). A host that does not resolve is allowed, with a note: DNS may be
     * down for a moment or the name not published yet, and refusing would turn that into a {@code 400} for a valid
     * URL (the manual's own example, on a machine without DNS). That is safe because every connection is checked
     * again on the addresses it actually uses (the dispatcher's resolver calls {@link #refusal(String, InetAddress)}),
     * so a name that later resolves to a refused address is still never called.
     */
    public Verdict verdict(String url) {
        Optional<String> shape = CallableUrl.refusal(url);
        if (shape.isPresent()) {
            return Verdict.refused(shape.get());
        }
        String host = URI.create(url).getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowList.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return Verdict.allowed();
        }
        InetAddress[] addresses;
        try {
            // An IP literal (CallableUrl allows only the unambiguous forms) is parsed here, never looked up.
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            return new Verdict(Optional.empty(), Optional.of("host '" + bareHost + "' does not resolve from here now;"
                    + " accepted: each delivery checks the addresses it resolves to then, and is retried while it does not resolve"));
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(bareHost, address);
            if (why.isPresent()) {
                return Verdict.refused(why.get());
            }
        }
        return Verdict.allowed();
    }

    /** Why {@code url} may not be called, or empty when it may: {@link #verdict(String)} without its note. */
    public Optional<String> refusal(String url) {
        return verdict(url).refusal();
    }

    /**
     * Throws a {@link ValidationException} naming {@code field} when {@code url} may not be called; otherwise
     * returns the verdict's note, if any, for the response's warnings.
     */
    public Optional<String> requireAllowed(String url, String field) {
        Verdict verdict = verdict(url);
        verdict.refusal().ifPresent(why -> {
            throw ValidationException.of(field, why);
        });
        return verdict.note();
    }

    /**
     * Why a connection to {@code address}, resolved from {@code host}, may not be made, or empty when it may:
     * the same verdict as {@link #refusal(String)} for one address. For an HTTP client's resolver, so the
     * address actually connected to is the one checked (no DNS rebinding between check and connect).
     */
    public Optional<String> refusal(String host, InetAddress address) {
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowList.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return refusal(address).map(why -> "resolves to " + address.getHostAddress() + ", " + why
                + (mode == Mode.PRODUCTION ? " (refused in production mode; see " + ALLOWED_HOSTS_ENV + ")" : ""));
    }

    Optional<String> refusal(InetAddress address) {
        if (allowedByCidr(address)) {
            return Optional.empty();
        }
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (a.isLinkLocalAddress() || isMetadata(a)) {
            return Optional.of("a link-local or cloud metadata address");
        }
        if (mode == Mode.DEV) {
            return Optional.empty();
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (a.isSiteLocalAddress() || isUniqueLocal(a) || isCarrierGradeNat(a)) {
            return Optional.of("a private address");
        }
        return Optional.empty();
    }

    private boolean allowedByCidr(InetAddress address) {
        for (String entry : allowList) {
            if (entry.contains("/") && inCidr(address, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMetadata(InetAddress a) {
        byte[] b = a.getAddress();
        // 169.254.169.254 is link-local already; fd00:ec2::254 (AWS IPv6 metadata) is unique-local, and
        // 100.100.100.200 (Alibaba) sits in the carrier-grade NAT range: refused in every mode.
        return (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200)
                || (b.length == 16 && (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2);
    }

    private static boolean isUniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    /** {@code ::ffff:10.0.0.1} is 10.0.0.1 to the network stack, so it is judged as such. */
    private static InetAddress unmapped(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException impossible) {
                    return a;
                }
            }
        }
        return a;
    }

    private static boolean inCidr(InetAddress address, String cidr) {
        Object[] parsed = parseCidr(cidr);
        byte[] network = (byte[]) parsed[0];
        int bits = (int) parsed[1];
        byte[] candidate = unmapped(address).getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((candidate[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Object[] parseCidr(String cidr) {
        String[] parts = cidr.split("/", 2);
        try {
            // A literal address: getByName does no DNS lookup for it.
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException(ALLOWED_HOSTS_ENV + ": '" + cidr + "' is not an address range");
            }
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException(ALLOWED_HOSTS_ENV + ": prefix length of '" + cidr + "' is out of range");
            }
            return new Object[] {network, bits};
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException(ALLOWED_HOSTS_ENV + ": '" + cidr + "' is not an address range", e);
        }
    }
}
