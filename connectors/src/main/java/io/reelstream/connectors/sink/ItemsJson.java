package io.reelstream.connectors.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelstream.schemas.RankedMovie;

import java.util.List;

/** The items column: a JSON array {@code [{"movieId":1,"score":0.93,"reason":"..."}, ...]}, best first. */
final class ItemsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ItemsJson() {}

    static String toJson(List<RankedMovie> items) {
        ArrayNode array = MAPPER.createArrayNode();
        for (RankedMovie item : items) {
            ObjectNode node = array.addObject();
            node.put("movieId", item.getMovieId());
            double score = item.getScore();
            // JSON has no NaN/Infinity: PostgreSQL's jsonb would reject the whole row
            if (Double.isFinite(score)) node.put("score", score);
            else node.putNull("score");
            node.put("reason", item.getReason());
        }
        try {
            return MAPPER.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of ints, doubles and strings failed to serialize", e);
        }
    }
}
