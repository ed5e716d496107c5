package io.reelstream.topology.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.topology.metrics.StreamMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Evicts a crashed peer instance from the group seconds before Kafka would. After a kill -9 the group
 * coordinator keeps the dead member until its session expires (session.timeout.ms, at least 6 s on a
 * stock broker), and its open transaction holds every read_committed reader of its partitions until
 * transaction.timeout.ms, checked by the broker only every few seconds. Neither can tell a crash from a
 * pause. A peer's REST port can ({@link PeerLiveness}): every {@code interval} this thread connects to
 * each peer in the group, and when one refuses {@code refusals} times in a row it
 * <ol>
 *   <li>fences the peer's exactly-once producers ({@link Admin#fenceProducers}): the coordinator bumps
 *       their epoch and aborts their open transaction, so readers of its partitions go on at once;</li>
 *   <li>removes the peer's static members from the group ({@link Admin#removeMembersFromConsumerGroup}):
 *       the group rebalances now and the survivors take its tasks over from their standbys.</li>
 * </ol>
 * Exactly-once holds whatever this decides: a fenced producer can no longer commit, and a removed
 * member that was in fact alive is only made to rejoin. Every survivor may act on the same crash;
 * the second eviction finds nothing to remove and says so. The peer's names come from its own
 * {@code GET /health} ({@link InstanceIdentity}), read while it was alive.
 */
public final class PeerWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerWatch.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(200);
    static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
    /** How long a peer's names are trusted before they are read again (a replaced thread renames). */
    static final Duration IDENTITY_TTL = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String applicationId;
    private final HostInfo self;
    private final Supplier<Collection<HostInfo>> group;
    private final Admin admin;
    private final Duration interval;
    private final StreamMetrics metrics;
    private final PeerLiveness<HostInfo> liveness;
    private final Map<HostInfo, Known> identities = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reelstream-peer-watch");
        t.setDaemon(true);
        return t;
    });

    private record Known(InstanceIdentity identity, long readAtNanos) {}

    /**
     * @param group the REST endpoints of every instance in the group (Streams metadata), self included
     * @param admin closed with this watch
     */
    public PeerWatch(String applicationId, HostInfo self, Supplier<Collection<HostInfo>> group, Admin admin,
                     Duration interval, int refusals, StreamMetrics metrics) {
        this.applicationId = applicationId;
        this.self = self;
        this.group = group;
        this.admin = admin;
        this.interval = interval;
        this.metrics = metrics;
        this.liveness = new PeerLiveness<>(refusals);
    }

    public PeerWatch start() {
        thread.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watching peers every {} ms: a peer whose REST port refuses connections is evicted from group {}"
                + " (its producers fenced, its static members removed) without waiting for its session", interval.toMillis(),
                applicationId);
        return this;
    }

    private void tick() {
        try {
            List<HostInfo> peers = new ArrayList<>();
            for (HostInfo h : group.get()) if (!h.equals(self)) peers.add(h);
            liveness.retain(peers);
            identities.keySet().retainAll(peers);
            for (HostInfo peer : peers) {
                PeerLiveness.Probe probe = probe(peer);
                if (probe == PeerLiveness.Probe.ANSWERED) refreshIdentity(peer);
                Known known = identities.get(peer);
                if (known == null) continue; // never read its names: nothing to evict with, the session will do
                if (liveness.record(peer, probe)) evict(peer, known.identity());
            }
        } catch (RuntimeException e) {
            log.warn("peer watch round failed ({}); next round in {} ms", e.toString(), interval.toMillis());
        }
    }

    /** One TCP connect: refused means nobody listens on that host's port any more. */
    static PeerLiveness.Probe probe(HostInfo peer) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(peer.host(), peer.port()), (int) CONNECT_TIMEOUT.toMillis());
            return PeerLiveness.Probe.ANSWERED;
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("refused") ? PeerLiveness.Probe.REFUSED : PeerLiveness.Probe.UNKNOWN;
        } catch (IOException e) {
            return PeerLiveness.Probe.UNKNOWN; // timeout, no route: maybe a lost host, maybe a network fault
        }
    }

    private void refreshIdentity(HostInfo peer) {
        Known known = identities.get(peer);
        if (known != null && System.nanoTime() - known.readAtNanos() < IDENTITY_TTL.toNanos()) return;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":"
                    + peer.port() + "/health")).timeout(HEALTH_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            InstanceIdentity identity = parseIdentity(r.body());
            if (!identity.isEmpty()) identities.put(peer, new Known(identity, System.nanoTime()));
        } catch (IOException e) {
            log.debug("could not read {}'s identity: {}", peer, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The identity fields of a {@code GET /health} body; NONE when they are missing. */
    static InstanceIdentity parseIdentity(String healthBody) {
        try {
            JsonNode n = JSON.readTree(healthBody);
            return new InstanceIdentity(strings(n.path("groupInstanceIds")), strings(n.path("transactionalIds")));
        } catch (IOException e) {
            return InstanceIdentity.NONE;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private void evict(HostInfo peer, InstanceIdentity identity) {
        if (probe(peer) != PeerLiveness.Probe.REFUSED) return; // back already: a restart fences its own producers
        log.warn("peer {}:{} refuses connections: it stopped or crashed. Evicting it now rather than after its"
                + " session expires: fencing producers {} and removing members {} from group {}", peer.host(), peer.port(),
                identity.transactionalIds(), identity.groupInstanceIds(), applicationId);
        metrics.peerEvicted();
        if (!identity.transactionalIds().isEmpty()) {
            try {
                admin.fenceProducers(identity.transactionalIds()).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("fencing {}'s producers failed ({}); their open transaction ends at transaction.timeout.ms",
                        peer, rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!identity.groupInstanceIds().isEmpty()) {
            List<MemberToRemove> members = identity.groupInstanceIds().stream().map(MemberToRemove::new).toList();
            try {
                admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions(members))
                        .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("removed {} from group {}: the survivors take its partitions over now", identity.groupInstanceIds(),
                        applicationId);
            } catch (ExecutionException e) {
                // another survivor was first, or the session had expired: nothing left to remove
                log.info("{} not removed from group {}: {}", identity.groupInstanceIds(), applicationId, rootMessage(e));
            } catch (TimeoutException e) {
                log.warn("removing {} from group {} timed out; the group notices at session.timeout.ms",
                        identity.groupInstanceIds(), applicationId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
