package io.reelstream.topology.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path ids and ?n= become 400s with a JSON-ready message, never a 500. */
class RestApiArgumentsTest {
    private final RestApi api = new RestApi(null, null, null, null, null, "swipes", 20, 200, 60_000L, () -> io.reelstream.topology.recovery.InstanceIdentity.NONE);

    @Test
    void limitDefaultsAndBounds() {
        assertEquals(20, api.limit(null));
        assertEquals(20, api.limit(""));
        assertEquals(1, api.limit("1"));
        assertEquals(200, api.limit("200"));
        for (String bad : new String[]{"0", "201", "-3", "ten", "1.5"}) {
            ApiException e = assertThrows(ApiException.class, () -> api.limit(bad), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("must be an integer in 1..200"), e.getMessage());
        }
    }

    @Test
    void idsMustBeNonNegativeIntegers() {
        assertEquals(42, RestApi.id("42", "user id"));
        for (String bad : new String[]{"abc", "-1", "99999999999", ""}) {
            ApiException e = assertThrows(ApiException.class, () -> RestApi.id(bad, "user id"), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("user id '" + bad + "'"), e.getMessage());
        }
    }
}
