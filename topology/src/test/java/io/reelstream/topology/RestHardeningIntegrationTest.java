package io.reelstream.topology;

import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What bin/reliability's REST fuzz found, on a real instance (Jetty, the default server): a malformed
 * query escape was a 500, a body of any size was read whole, a client trickling its body in held one of
 * the 16 handler threads (40 of them and /health stopped answering), and the POST route accepted swipes
 * the stream then dead-letters.
 */
class RestHardeningIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Well under Jetty's 30 s idle timeout, which is what freed the threads before. */
    private static final int HEALTH_TIMEOUT_MS = 10_000;
    private static EmbeddedKafkaCluster kafka;
    private static RecommenderInstance instance;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
        TopologyConfig config = TopologyConfig.builder()
                .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-rest-hardening-it")
                .set(TopologyConfig.REST_PORT_CONFIG, "0")
                .set(TopologyConfig.STATE_DIR_CONFIG, Files.createTempDirectory("reelstream-rest-it").toString())
                .build();
        try (Admin admin = kafka.admin()) {
            TopicSetup.createIfMissing(admin, config, 1, (short) 1);
        }
        SyntheticCatalogue.publish(kafka.bootstrapServers(), config.itemEmbeddingsTopic(), "run_rest",
                SyntheticCatalogue.rows("run_rest", 100, 8, 5), 8);
        instance = RecommenderInstance.start(config);
        assertTrue(instance.awaitRunning(WAIT), "instance RUNNING with a model");
        port = instance.restPort();
    }

    @AfterAll
    static void stop() {
        if (instance != null) instance.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void aMalformedQueryEscapeIsA400NotA500() throws Exception {
        for (String path : List.of("/movies/popular?n=%zz", "/users/1/recommendations?%zz=1", "/health?%")) {
            assertEquals(400, status(request("GET", path, null), 10_000), path);
        }
    }

    @Test
    void aBodyOverTheLimitIsA413AndIsNotRead() throws Exception {
        String big = "{\"movieId\":1,\"preference\":1,\"note\":\"" + "z".repeat(200_000) + "\"}";
        assertEquals(413, status(request("POST", "/users/7/swipes", big), 10_000));
        assertEquals(202, status(request("POST", "/users/7/swipes", "{\"movieId\":1,\"preference\":1}"), 10_000),
                "a normal swipe still goes through");
    }

    @Test
    void swipesTheStreamWouldDeadLetterAreRefusedAt400() throws Exception {
        long future = System.currentTimeMillis() + 3L * 24 * 3600 * 1000;
        assertEquals(400, status(request("POST", "/users/7/swipes", "{\"movieId\":1,\"preference\":1,\"eventTime\":" + future + "}"), 10_000));
        assertEquals(400, status(request("POST", "/users/7/swipes", "{\"movieId\":1,\"preference\":1,\"eventTime\":-1}"), 10_000));
        assertEquals(400, status(request("POST", "/users/7/swipes", "{\"movieId\":1,\"preference\":1,\"eventId\":\""
                + "e".repeat(129) + "\"}"), 10_000));
    }

    /** 40 clients (the pool has 16 threads) each send headers and one byte of a 1000-byte body, then stall. */
    @Test
    void healthAnswersWhileSlowClientsTrickleTheirBodies() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("localhost", port), 5000);
                s.getOutputStream().write(("POST /users/" + (100 + i) + "/swipes HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            for (int probe = 0; probe < 5; probe++) {
                Thread.sleep(500); // let the slow requests reach their handlers
                assertEquals(200, status(request("GET", "/health", null), HEALTH_TIMEOUT_MS),
                        "/health with 40 slow clients connected (probe " + probe + ")");
            }
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    private static byte[] request(String method, String path, String body) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    /** The status of the answer to a raw request; 0 when none came within {@code timeoutMs}. */
    private static int status(byte[] request, int timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException answeredEarly) {
                // a 413 may close the connection before the whole body is written: read the answer
            }
            InputStream in = s.getInputStream();
            byte[] line = in.readNBytes(12);
            String text = new String(line, StandardCharsets.US_ASCII);
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        }
    }
}
