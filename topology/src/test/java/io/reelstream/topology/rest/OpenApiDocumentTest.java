package io.reelstream.topology.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /openapi.json (a hand-written file in the jar) describes exactly the routes RestServer serves. */
class OpenApiDocumentTest {
    static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream("web/openapi.json")) {
            assertNotNull(in, "web/openapi.json is in the jar");
            return new ObjectMapper().readTree(in);
        }
    }

    /** "METHOD /path" of every operation in the document, with {movieId} etc. as written. */
    static Set<String> operations(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        return out;
    }

    @Test
    void everyRouteIsDescribedAndNothingElse() throws Exception {
        JsonNode doc = document();
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertEquals(new TreeSet<>(RestServer.ROUTES), operations(doc));
    }

    @Test
    void everyOperationHasASummaryAndResponses() throws Exception {
        JsonNode doc = document();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            assertTrue(op.getValue().hasNonNull("summary"), op.getKey() + " " + p.getKey() + " has a summary");
            assertTrue(op.getValue().get("responses").size() > 0, op.getKey() + " " + p.getKey() + " has responses");
        }));
    }
}
