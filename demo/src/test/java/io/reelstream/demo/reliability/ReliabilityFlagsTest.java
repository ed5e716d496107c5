package io.reelstream.demo.reliability;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad flags stop bin/reliability before anything starts: one line naming the flag, exit 2. */
class ReliabilityFlagsTest {
    @Test
    void badFlagsAreNamedAndNothingStarts() {
        assertRefused("'nap' is not a scenario; known: [failover, kill9, fuzz, soak, rebalance, republish, broker-bounce]",
                "--only", "kill9,nap");
        assertRefused("--soak: 'ten minutes' is not a duration like 30m, 90s, 1h30m", "--soak", "ten minutes");
        assertRefused("--soak must be at least 40s", "--soak", "30s");
        assertRefused("--fuzz-records must be >= 10000", "--fuzz-records", "500");
        assertRefused("--load-rate must be > 0", "--load-rate", "-3");
        assertRefused("--bounces must be >= 1", "--bounces", "0");
        assertRefused("--instances must be >= 2", "--instances", "1");
        assertRefused("--partitions must be >= --instances (3), got 2", "--partitions", "2");
        assertRefused("--rate must be > 0", "--rate", "0");
        assertRefused("--kill-every must be > 0 seconds", "--kill-every", "-1");
        assertRefused("--topology: config heartbeat.interval.ms='5000'", "--topology", "heartbeat.interval.ms=5000");
    }

    @Test
    void soakDurationsReadLikeTheIssueWritesThem() {
        assertEquals(java.time.Duration.ofMinutes(30), Reliability.parseDuration("30m"));
        assertEquals(java.time.Duration.ofSeconds(90), Reliability.parseDuration("90s"));
        assertEquals(java.time.Duration.ofMinutes(90), Reliability.parseDuration("1h30m"));
        assertEquals(java.time.Duration.ofSeconds(150), Reliability.parseDuration("2.5m"));
    }

    @Test
    void probeUsersLandOnEveryPartitionAsTheProducerWouldSendThem() {
        int[] users = SwipeLoad.probeUsers(12);
        for (int p = 0; p < 12; p++) {
            assertTrue(users[p] >= SwipeLoad.PROBE_USER_BASE);
            assertEquals(p, SwipeLoad.partitionOf(users[p], 12));
            // the producer's own partitioner agrees (murmur2 of the serialized int key)
            byte[] key = new org.apache.kafka.common.serialization.IntegerSerializer().serialize("swipes", users[p]);
            assertEquals(p, org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, 12));
        }
    }

    /** Each pass over the probe movies has its own user per partition: distinct ids, on that partition. */
    @Test
    void laterProbePassesGetFreshUsersOnTheSamePartitions() {
        SwipeLoad.ProbeUsers probes = new SwipeLoad.ProbeUsers(12);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int[] first = SwipeLoad.probeUsers(12);
        for (int pass = 0; pass < 5; pass++) {
            for (int p = 0; p < 12; p++) {
                int u = probes.user(p, pass);
                assertEquals(p, SwipeLoad.partitionOf(u, 12));
                assertTrue(seen.add(u), "user " + u + " used twice");
                if (pass == 0) assertEquals(first[p], u);
            }
        }
        assertEquals(probes.user(3, 2), probes.user(3, 2), "stable");
    }

    /**
     * Scenarios sharing a stack (--quick) each take the next block of probe user ids: no probe user of one
     * load is a probe user of the next, over far more passes than a scenario makes.
     */
    @Test
    void loadsInTheSameJvmHaveProbeUsersOfTheirOwn() {
        SwipeLoad.ProbeUsers one = new SwipeLoad.ProbeUsers(12, SwipeLoad.PROBE_USER_BASE);
        SwipeLoad.ProbeUsers two = new SwipeLoad.ProbeUsers(12, SwipeLoad.PROBE_USER_BASE + SwipeLoad.PROBE_USER_BLOCK);
        java.util.Set<Integer> first = new java.util.HashSet<>();
        for (int pass = 0; pass < 1000; pass++) for (int p = 0; p < 12; p++) first.add(one.user(p, pass));
        for (int pass = 0; pass < 1000; pass++) {
            for (int p = 0; p < 12; p++) {
                int u = two.user(p, pass);
                assertEquals(p, SwipeLoad.partitionOf(u, 12));
                assertTrue(!first.contains(u), "probe user " + u + " in both loads");
            }
        }
    }

    private static void assertRefused(String expected, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Reliability.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args), String.join(" ", args));
        assertTrue(err.toString().contains(expected), err.toString());
        assertTrue(err.toString().startsWith("error: "), err.toString());
    }
}
