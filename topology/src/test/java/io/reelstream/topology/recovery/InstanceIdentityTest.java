package io.reelstream.topology.recovery;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceIdentityTest {
    private static final String APP_PROCESS = "reelstream-recommender-b03be389-449d-424f-9ae4-908ac2f0c67e";

    @Test
    void namesEachStreamThreadsMemberAndTransactionalProducer() {
        InstanceIdentity id = InstanceIdentity.of(Optional.of("reelstream-recommender-localhost-7070"), true,
                List.of(APP_PROCESS + "-StreamThread-2", APP_PROCESS + "-StreamThread-1"));
        assertEquals(List.of("reelstream-recommender-localhost-7070-1", "reelstream-recommender-localhost-7070-2"),
                id.groupInstanceIds());
        assertEquals(List.of(APP_PROCESS + "-1", APP_PROCESS + "-2"), id.transactionalIds());
    }

    @Test
    void dynamicMembershipAndAtLeastOnceNameNothingOfTheirKind() {
        InstanceIdentity id = InstanceIdentity.of(Optional.empty(), false, List.of(APP_PROCESS + "-StreamThread-1"));
        assertTrue(id.isEmpty());
    }

    @Test
    void otherThreadsAreIgnored() {
        InstanceIdentity id = InstanceIdentity.of(Optional.of("m"), true, List.of(APP_PROCESS + "-GlobalStreamThread"));
        assertTrue(id.isEmpty());
    }

    @Test
    void readsAPeersIdentityFromItsHealthBody() {
        String body = "{\"status\":\"UP\",\"instance\":\"localhost:7071\",\"groupInstanceIds\":[\"m-1\"],"
                + "\"transactionalIds\":[\"" + APP_PROCESS + "-1\"]}";
        InstanceIdentity id = PeerWatch.parseIdentity(body);
        assertEquals(List.of("m-1"), id.groupInstanceIds());
        assertEquals(List.of(APP_PROCESS + "-1"), id.transactionalIds());
        assertTrue(PeerWatch.parseIdentity("{\"status\":\"UP\"}").isEmpty(), "an older peer names nothing");
        assertTrue(PeerWatch.parseIdentity("not json").isEmpty());
    }
}
