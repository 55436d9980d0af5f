package com.sage200events.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks "is a Redis answering here?" with a raw RESP PING, so the kit needs no Redis client. */
final class RedisProbe {

    private static final int TIMEOUT_MILLIS = 500;
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PONG = "+PONG";

    private RedisProbe() {}

    static boolean answersPing(RedisEndpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(PING);
            socket.getOutputStream().flush();
            return readLine(socket.getInputStream()).equals(PONG);
        } catch (IOException notRedisOrNotThere) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\r' && line.length() < 256; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
