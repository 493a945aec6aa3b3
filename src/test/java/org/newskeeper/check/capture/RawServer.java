package org.newskeeper.check.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP/1.1 server that answers each request path with fixed raw bytes (so tests control
 * chunking and framing exactly) and keeps the raw requests it received.
 */
public final class RawServer implements AutoCloseable {
    private final ServerSocket server;
    private final Map<String, byte[]> responses = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public RawServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Answers GET {@code path} with exactly {@code raw}. */
    public RawServer on(String path, String raw) {
        return on(path, raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawServer on(String path, byte[] raw) {
        responses.put(path, raw);
        return this;
    }

    /** A complete response with Content-Length. */
    public static byte[] ok(String contentType, byte[] body) {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    public List<String> requests() {
        return requests;
    }

    /** Reads a request's head, up to and including the empty line. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        while (!req.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            req.write(b);
        }
        return req.toString(StandardCharsets.ISO_8859_1);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                String request = readRequest(s.getInputStream());
                requests.add(request);
                String path = request.split(" ", 3).length > 1 ? request.split(" ", 3)[1] : "/";
                byte[] raw = responses.getOrDefault(path,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(raw);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
