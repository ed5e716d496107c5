package io.reelstream.trainer.runs;

import io.reelstream.core.als.AlsParams;
import io.reelstream.trainer.TrainingPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What code produced a run: the build's version plus a hash of the project's own classes
 * ({@code io/reelstream/**} in the trainer's and core's jars or class directories), e.g.
 * {@code 0.1.0-SNAPSHOT+3f2a9c1b7e04}. The hash covers class bytes, not jar timestamps, so a rebuild
 * of the same sources gives the same version and any change to the trainer or the ALS maths gives
 * another. Computed once per process (~50 ms for the shaded jar).
 */
public final class CodeVersion {
    private static volatile String cached;

    private CodeVersion() {}

    public static String current() {
        String v = cached;
        if (v == null) {
            v = TrainingPipeline.versions().get("reelstream") + "+" + hash(TrainingPipeline.class, AlsParams.class);
            cached = v;
        }
        return v;
    }

    static String hash(Class<?>... classes) {
        Set<Path> sources = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            try {
                CodeSource cs = c.getProtectionDomain().getCodeSource();
                if (cs != null && cs.getLocation() != null) sources.add(Path.of(cs.getLocation().toURI()));
            } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
                return "unknown";
            }
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path source : sources) {
                if (Files.isDirectory(source)) digestDirectory(source, md);
                else digestJar(source, md);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (IOException e) {
            return "unknown";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void digestJar(Path jar, MessageDigest md) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            file.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("io/reelstream/")).forEach(entries::add);
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (JarEntry e : entries) {
                md.update(e.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = file.getInputStream(e)) {
                    md.update(in.readAllBytes());
                }
            }
        }
    }

    private static void digestDirectory(Path dir, MessageDigest md) throws IOException {
        Path root = dir.resolve("io/reelstream");
        if (!Files.isDirectory(root)) return;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            md.update(dir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(f));
        }
    }
}
