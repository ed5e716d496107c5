package io.reelstream.topology.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The swipe page and the OpenAPI document, served from the jar's {@code web/} folder: plain files,
 * no build step, nothing from a CDN. A name is one path segment of safe characters, so no request
 * reaches outside {@code web/}. Files are read once and kept (a few kilobytes).
 */
final class StaticFiles {
    static final String ROOT = "web/";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** The file {@code web/<name>} as a 200, or empty when there is no such (safe) name. */
    Optional<RestServer.Response> get(String name) {
        if (!SAFE_NAME.matcher(name).matches()) return Optional.empty();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) return Optional.empty();
        return cache.computeIfAbsent(name, StaticFiles::read).map(body -> new RestServer.Response(200, type, body));
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + name + " from the jar", e);
        }
    }
}
