package io.reprise.transport.grpc.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether an address or a target stays on this host: the test of both plaintext rules. */
public final class Loopback {

    private Loopback() {
    }

    /**
     * Whether a server binding to {@code address} (a host name or IP literal of this host) is reachable from this
     * host only. {@code 0.0.0.0} and {@code ::} are every interface: not loopback.
     *
     * @throws IllegalArgumentException when the name does not resolve
     */
    public static boolean isLoopbackAddress(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The address " + address + " is not an address of this host ("
                    + e.getMessage() + "); give an IP address or host name, e.g. 127.0.0.1", e);
        }
    }

    /**
     * Whether a client's target or authority ({@code host:port}, {@code [::1]:7444}, {@code dns:///host:port})
     * names this host: {@code localhost} or a loopback IP literal. Other names count as remote without a DNS
     * lookup, since what they resolve to may change.
     */
    public static boolean isLoopbackTarget(String target) {
        String host = host(target);
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host of a target: without scheme, authority slashes, port and IPv6 brackets. */
    static String host(String target) {
        String rest = target.strip();
        int scheme = rest.indexOf(":///");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 4);
        } else if (rest.contains("://")) {
            rest = rest.substring(rest.indexOf("://") + 3);
            int path = rest.indexOf('/');
            rest = path >= 0 ? rest.substring(path + 1) : rest;
        }
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            return end > 0 ? rest.substring(1, end) : rest;
        }
        int colon = rest.indexOf(':');
        // One colon: host:port. More: an IPv6 literal without brackets and port.
        return colon >= 0 && rest.indexOf(':', colon + 1) < 0 ? rest.substring(0, colon) : rest;
    }
}
