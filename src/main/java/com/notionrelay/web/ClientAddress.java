package com.notionrelay.web;

import com.notionrelay.config.InvalidSettingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;
import spark.Request;

/**
 * Who a request comes from, for per-client limits: the socket's address, unless that is one of
 * {@code RELAY_TRUSTED_PROXIES}; then the nearest {@code X-Forwarded-For} entry that is not a
 * trusted proxy (entries further left are whatever the client chose to send).
 */
public final class ClientAddress {

    public static final String SETTING = "relay.trusted_proxies";

    /** IPv4 dotted or anything with a colon (IPv6): parsed without a DNS lookup. */
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet trusted = new InetAddressSet();
    private final boolean anyTrusted;

    public ClientAddress(List<String> proxies) {
        for (String p : proxies) {
            String address = p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
            boolean ok;
            try {
                ok = LITERAL.matcher(address).matches() && trusted.add(p);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
            if (!ok) {
                throw new InvalidSettingException(SETTING, p, "must be an IP address or a CIDR such as 10.0.0.0/8");
            }
        }
        this.anyTrusted = !proxies.isEmpty();
    }

    public String of(Request req) {
        String peer = req.ip();
        if (!anyTrusted || !isTrusted(peer)) {
            return peer;
        }
        String forwarded = req.headers("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (parse(hop).isEmpty()) {
                return client; // not an address: what is left of it cannot be believed
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        return parse(address).map(trusted::test).orElse(false);
    }

    private static Optional<InetAddress> parse(String address) {
        if (!LITERAL.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
