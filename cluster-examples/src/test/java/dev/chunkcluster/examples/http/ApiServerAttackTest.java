package dev.chunkcluster.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.testkit.FakeProcessController;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The attacks of a hostile HTTP client, each reproduced on loopback. */
class ApiServerAttackTest extends ServerFixture {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final int SLOW_CLIENTS = 100;

    private ApiServer serveWithReadTimeout() throws Exception {
        server = ApiServer.start(api, new ServerOptions(InetAddress.getByName("127.0.0.1"), 0, null, Duration.ZERO,
                READ_TIMEOUT));
        return server;
    }

    @Test
    void aHundredSlowOrSilentClientsNeitherFreezeTheServerNorStayOpen() throws Exception {
        serveWithReadTimeout();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                slow.add(socket);
                String start = switch (i % 3) {
                    case 0 -> ""; // says nothing at all
                    case 1 -> "GET /api/cluster/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "; // headers, slowly
                    default -> "POST /api/cluster/control HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                            + "\r\nContent-Length: 400\r\n\r\n{\"action\": "; // a body, slowly
                };
                socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            // While every slow client holds its connection and keeps sending a byte at a time, others get answers.
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    if (i % 3 != 0) {
                        trickle(slow.get(i));
                    }
                }
                HttpResponse<String> status = get("/api/cluster/status");
                assertEquals(200, status.statusCode(), status.body());
            }
            // Then they stall: each is closed by the server once it has sent nothing for the read timeout.
            for (Socket socket : slow) {
                assertClosedByServer(socket);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        HttpResponse<String> after = get("/api/cluster/status");
        assertEquals(200, after.statusCode(), after.body());
    }

    private static void trickle(Socket socket) {
        try {
            socket.getOutputStream().write('a');
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // already closed by the server (a body too slow for the minimum data rate): what is wanted
        }
    }

    /** Reads until the server closes; fails if it has not within a generous bound (the read timeout is 1 s). */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        try (InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // a 408 or 400 may come first; only the end of the stream counts
            }
        } catch (SocketTimeoutException e) {
            fail("a slow client's connection was still open 30 s later; the read timeout is " + READ_TIMEOUT);
        } catch (IOException e) {
            // reset by the server: closed too
        }
    }

    @Test
    void aStopLongerThanTheReadTimeoutStillGetsItsAnswer() throws Exception {
        ChunkStore slowReset = (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(),
                new Class<?>[]{ChunkStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("resetRunning")) {
                        // a database step three read timeouts long: the server is working, not the client idle
                        TimeUnit.MILLISECONDS.sleep(3 * READ_TIMEOUT.toMillis());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        api = new ClusterApi(slowReset, new FakeProcessController(clock), NAME, () -> null, Duration.ZERO, clock);
        serveWithReadTimeout();

        HttpResponse<String> response = post("/api/cluster/control", "application/json", "{\"action\": \"stop\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(json(response).get("success").asBoolean(), response.body());
    }

    @Test
    void aMalformedRequestLineIsAJsonError() throws Exception {
        serve();
        Raw response = raw("GET /api/cluster/status HTTP/1.1 trailing\r\nHost: 127.0.0.1\r\n\r\n");

        assertEquals(400, response.status(), response.text());
        assertTrue(response.text().contains("application/json"), response.text());
        assertEquals(400, response.json().get("status").asInt());
        assertTrue(response.json().get("error").asText().startsWith("malformed HTTP request"), response.text());
        assertFalse(response.text().contains("<html") || response.text().contains("Exception"), response.text());
    }

    @Test
    void aMalformedHeaderIsAJsonError() throws Exception {
        serve();
        Raw response = raw("GET /api/cluster/status HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon in this header\r\n\r\n");

        assertEquals(400, response.status(), response.text());
        assertEquals(400, response.json().get("status").asInt());
        assertFalse(response.text().contains("<html") || response.text().contains("Exception"), response.text());
    }

    @Test
    void headersTooLargeAreAJsonError() throws Exception {
        serve();
        Raw response = raw("GET /api/cluster/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(ApiServer.MAX_HEADER_BYTES) + "\r\n\r\n");

        assertEquals(431, response.status(), response.text());
        assertTrue(response.json().get("error").asText().contains("larger than " + ApiServer.MAX_HEADER_BYTES),
                response.text());
    }

    @Test
    void aLongUnknownPathIsA404ThatDoesNotEchoIt() throws Exception {
        serve();
        String path = "/" + "x".repeat(4000) + "-END";

        HttpResponse<String> response = get(path);

        assertError(response, 404, "no such resource: /xxx");
        assertFalse(response.body().contains("-END"), response.body());
        assertTrue(response.body().length() < 400, "bounded: " + response.body().length() + " characters");
    }

    @Test
    void aStopThatFailsInTheDatabaseStepIsA5xx() throws Exception {
        ChunkStore resetFails = (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(),
                new Class<?>[]{ChunkStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("resetRunning") && args[1] == DesiredState.STOPPED) {
                        throw new StoreUnavailableException("database /data/exploration.db is read-only");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        api = new ClusterApi(resetFails, new FakeProcessController(clock), NAME, () -> null, Duration.ZERO, clock);
        serve();

        HttpResponse<String> response = post("/api/cluster/control", "application/json", "{\"action\": \"stop\"}");

        assertEquals(500, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertFalse(body.get("success").asBoolean());
        assertTrue(body.get("message").asText().startsWith("Stop failed in the database step"), response.body());
    }

    @Test
    void servingOnAnotherLoopbackAddressAcceptsItAsHost() throws Exception {
        server = ApiServer.start(api, new ServerOptions(InetAddress.getByName("127.0.0.2"), 0, null, Duration.ZERO));
        String authority = "127.0.0.2:" + server.port();

        Raw own = raw("127.0.0.2", "GET /api/cluster/status HTTP/1.1\r\nHost: " + authority
                + "\r\nConnection: close\r\n\r\n");
        Raw rebound = raw("127.0.0.2", "GET /api/cluster/status HTTP/1.1\r\nHost: attacker.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");

        assertEquals(200, own.status(), own.text());
        assertEquals(403, rebound.status(), rebound.text());
        assertTrue(rebound.json().get("error").asText().contains("127.0.0.2"), rebound.text());
    }

    /** A response read off a raw socket. */
    private record Raw(int status, String text) {

        JsonNode json() throws IOException {
            return Json.mapper().readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private Raw raw(String request) throws IOException {
        return raw("127.0.0.1", request);
    }

    /** Sends {@code request} as is and reads until the server closes or the response is whole. */
    private Raw raw(String host, String request) throws IOException {
        try (Socket socket = new Socket(host, server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (isWhole(received.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
            String text = received.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 "), "an HTTP response: " + text);
            return new Raw(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    private static boolean isWhole(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length: ");
        if (at < 0) {
            return false;
        }
        int length = Integer.parseInt(head.substring(at + 16).lines().findFirst().orElse("0").trim());
        return text.length() - end - 4 >= length;
    }
}
