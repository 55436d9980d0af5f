package com.sage200events.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The receiver benches compare against: nginx with a config of its own (one worker, {@code return 200},
 * {@code access_log off}) on free loopback ports, in the foreground as a child process. {@code bin/bench}
 * installs nginx from Debian's packages when it is missing.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final List<Integer> ports;
    private final Path dir;

    private Nginx(Process process, List<Integer> ports, Path dir) {
        this.process = process;
        this.ports = ports;
        this.dir = dir;
    }

    /** nginx answering 200 on {@code portCount} loopback ports (each a separate endpoint to the dispatcher). */
    static Nginx start(int portCount) throws IOException, InterruptedException {
        List<Integer> ports = freePorts(portCount);
        Path dir = Files.createTempDirectory("bench-nginx");
        StringBuilder listen = new StringBuilder();
        ports.forEach(p -> listen.append("    listen 127.0.0.1:").append(p).append(";\n"));
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  keepalive_requests 10000000;
                  keepalive_timeout 120s;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                %2$s    location / { return 200; }
                  }
                }
                """.formatted(dir, listen));
        Process process = new ProcessBuilder(binary(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int port : ports) {
            while (!accepts(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("nginx did not start; see " + dir);
                }
                Thread.sleep(50); // polling a port that is not open yet; no event to wait on
            }
        }
        return new Nginx(process, ports, dir);
    }

    String url(int index) {
        return "http://127.0.0.1:" + ports.get(index) + "/hook";
    }

    int portCount() {
        return ports.size();
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    /** {@code count} distinct free loopback ports: all are held open until all are found, so none comes twice. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown of master and worker
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
