package io.reelstream.demo.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small JSON client of the recommender's REST routes (the same ones the printed curl lines use). */
public final class RestProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public RestProbe(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Status and parsed body (null if the body is not JSON). */
    public record Answer(int status, JsonNode body, String raw) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    public Answer get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
        return answer(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return answer(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /**
     * The user's current top-n as movie ids, top first; null when the user has no state (404).
     *
     * @throws IllegalStateException for any other non-2xx answer
     */
    public int[] recommendations(int userId, int n) throws IOException, InterruptedException {
        Answer a = get("/users/" + userId + "/recommendations?n=" + n);
        if (a.status() == 404) return null;
        if (!a.ok()) throw new IllegalStateException("GET /users/" + userId + "/recommendations answered " + a.status() + ": " + a.raw());
        return movieIds(a.body());
    }

    /** The model's popularity order, top n. */
    public int[] popular(int n) throws IOException, InterruptedException {
        Answer a = get("/movies/popular?n=" + n);
        if (!a.ok()) throw new IllegalStateException("GET /movies/popular answered " + a.status() + ": " + a.raw());
        return movieIds(a.body());
    }

    public String baseUrl() {
        return baseUrl;
    }

    private static int[] movieIds(JsonNode body) {
        JsonNode items = body.path("items");
        int[] ids = new int[items.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = items.get(i).path("movieId").asInt();
        return ids;
    }

    private static Answer answer(HttpResponse<String> resp) {
        JsonNode body;
        try {
            body = JSON.readTree(resp.body());
        } catch (IOException e) {
            body = null;
        }
        return new Answer(resp.statusCode(), body, resp.body());
    }
}
