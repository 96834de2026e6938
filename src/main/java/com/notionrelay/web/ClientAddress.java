package com.notionrelay.web;

import com.notionrelay.config.InvalidSettingException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
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
        String peer = socketAddress(req);
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

    /**
     * The TCP peer. Not {@code req.ip()}: Spark's Jetty applies X-Forwarded-For to that for every
     * caller, which would let any client pick its own bucket.
     */
    private static String socketAddress(Request req) {
        ServletRequest r = req.raw();
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        if (r instanceof org.eclipse.jetty.server.Request jetty && jetty.getHttpChannel() != null) {
            InetSocketAddress peer = jetty.getHttpChannel().getEndPoint().getRemoteAddress();
            if (peer != null && peer.getAddress() != null) {
                return peer.getAddress().getHostAddress();
            }
        }
        throw new IllegalStateException("the relay runs on Spark's Jetty; this request is not one of its requests");
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
