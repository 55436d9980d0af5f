package com.sage200events.dispatcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A receiver on a real socket that misbehaves at one point of its answer to the first request and answers
 * {@code 200} with an empty body to every later one. The kit's receiver speaks through the JDK's
 * {@code HttpServer}, which cannot stall half-way through an answer; this one writes the bytes itself.
 */
final class StallingReceiver implements AutoCloseable {

    /** Where the first answer stops. Each stall lasts until the receiver is closed. */
    enum Stall {
        /** Reads the request and never answers. */
        BEFORE_HEADERS,
        /** Sends {@code 200} headers announcing a 100-byte body, then nothing. */
        AFTER_HEADERS,
        /** Sends the headers and 40 of the 100 bytes announced, then nothing. */
        MID_BODY,
        /** Sends the headers, then the body one byte every 100 ms: never idle, never done within the deadline. */
        SLOW_DRIP
    }

    private final ServerSocket server;
    private final Stall stall;
    private final List<Instant> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private StallingReceiver(ServerSocket server, Stall stall) {
        this.server = server;
        this.stall = stall;
    }

    static StallingReceiver start(Stall stall) {
        try {
            StallingReceiver receiver = new StallingReceiver(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), stall);
            Thread acceptor = new Thread(receiver::accept, "stalling-receiver");
            acceptor.setDaemon(true);
            acceptor.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/stalled";
    }

    /** When each request was fully read, in order. */
    List<Instant> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread connection = new Thread(() -> serve(socket), "stalling-receiver-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (readRequest(in)) {
                boolean first = requests.isEmpty();
                requests.add(Instant.now());
                if (!first) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                misbehave(out);
                return;
            }
        } catch (IOException | InterruptedException e) {
            // The client gave up on us (which is the point) or the receiver is closing.
        }
    }

    private void misbehave(OutputStream out) throws IOException, InterruptedException {
        String headers = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + (stall == Stall.SLOW_DRIP ? 100_000 : 100) + "\r\n\r\n";
        switch (stall) {
            case BEFORE_HEADERS -> { }
            case AFTER_HEADERS -> out.write(headers.getBytes(StandardCharsets.US_ASCII));
            case MID_BODY -> {
                out.write(headers.getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[40]);
            }
            case SLOW_DRIP -> {
                out.write(headers.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 100_000 && !closing.await(100, TimeUnit.MILLISECONDS); i++) {
                    out.write('x');
                    out.flush();
                }
            }
        }
        out.flush();
        closing.await(60, TimeUnit.SECONDS);
    }

    /** Reads one request's head and its {@code Content-Length} body; false at the end of the stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes((int) length);
        return true;
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
