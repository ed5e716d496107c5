package io.reelstream.connectors.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.Swipe;

/**
 * One JSON line → one Swipe. Accepted fields: {@code userId} and {@code movieId} (integers, required),
 * {@code rating} (0..5 scale, mapped with PROTOCOL's table) or {@code preference} (-2, -1, 1, 2),
 * optional {@code eventTime} (epoch ms, default now) and {@code eventId}
 * (default {@code cli:<userId>:<movieId>:<eventTime>}).
 */
final class SwipeLineParser {
    /** A parsed swipe, or why the line is not one. */
    record Parsed(Swipe swipe, String error) {
        static Parsed error(String message) {
            return new Parsed(null, message);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String source;

    SwipeLineParser(String source) {
        this.source = source;
    }

    Parsed parse(String line, long nowMillis) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return Parsed.error("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) return Parsed.error("expected a JSON object like {\"userId\":1,\"movieId\":2,\"rating\":4.5}");
        Integer userId = intField(node, "userId");
        if (userId == null) return Parsed.error("needs an integer userId");
        Integer movieId = intField(node, "movieId");
        if (movieId == null) return Parsed.error("needs an integer movieId");

        JsonNode ratingNode = node.get("rating");
        JsonNode preferenceNode = node.get("preference");
        Integer preference = null;
        Integer bucket = null;
        if (ratingNode != null && !ratingNode.isNull()) {
            if (!ratingNode.isNumber() || !Double.isFinite(ratingNode.asDouble()) || ratingNode.asDouble() < 0) {
                return Parsed.error("rating must be a number >= 0, got " + ratingNode);
            }
            bucket = Preference.bucket(ratingNode.asDouble());
            preference = Preference.fromBucket(bucket);
        }
        if (preferenceNode != null && !preferenceNode.isNull()) {
            if (!preferenceNode.canConvertToInt() || !preferenceNode.isIntegralNumber()
                    || !Preference.isValidPreference(preferenceNode.asInt())) {
                return Parsed.error("preference must be one of -2, -1, 1, 2, got " + preferenceNode);
            }
            int given = preferenceNode.asInt();
            if (preference != null && preference != given) {
                return Parsed.error("rating " + ratingNode + " means preference " + preference + ", but preference is " + given);
            }
            preference = given;
            bucket = Preference.toBucket(given);
        }
        if (preference == null) return Parsed.error("needs a rating (0..5) or a preference (-2, -1, 1, 2)");

        long eventTime = nowMillis;
        JsonNode timeNode = node.get("eventTime");
        if (timeNode != null && !timeNode.isNull()) {
            if (!timeNode.isIntegralNumber() || !timeNode.canConvertToLong() || timeNode.asLong() < 0) {
                return Parsed.error("eventTime must be epoch milliseconds, got " + timeNode);
            }
            eventTime = timeNode.asLong();
        }
        JsonNode idNode = node.get("eventId");
        String eventId = idNode != null && idNode.isTextual() && !idNode.asText().isBlank()
                ? idNode.asText() : "cli:" + userId + ":" + movieId + ":" + eventTime;
        return new Parsed(Swipe.newBuilder()
                .setEventId(eventId)
                .setUserId(userId)
                .setMovieId(movieId)
                .setPreference(preference)
                .setBucket(bucket)
                .setEventTime(eventTime)
                .setSource(source)
                .build(), null);
    }

    private static Integer intField(JsonNode node, String name) {
        JsonNode field = node.get(name);
        if (field == null || !field.isIntegralNumber() || !field.canConvertToInt()) return null;
        return field.asInt();
    }
}
