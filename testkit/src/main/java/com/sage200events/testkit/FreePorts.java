package com.sage200events.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks ports the OS considers free right now, for servers that need their port known before they bind. */
final class FreePorts {

    private FreePorts() {}

    /**
     * There is a small window between closing the probe socket and the server binding the port; on a
     * test machine that race is rare enough, and the alternative (binding port 0) is not possible for
     * Kafka's controller listener, whose address must be written into the quorum config up front.
     */
    static int next() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
