package io.reelstream.topology.rest;

import java.io.InputStream;
import java.net.URI;
import java.util.function.Supplier;

/**
 * One HTTP request as the routes need it, whichever server received it.
 *
 * @param forwarded whether another instance forwarded it (the owner then answers locally)
 * @param body      the request body, read at most once
 */
record RestRequest(String method, URI uri, boolean forwarded, Supplier<InputStream> body) {
}
