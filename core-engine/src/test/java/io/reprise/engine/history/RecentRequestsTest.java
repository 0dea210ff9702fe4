package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    @Test
    void theOldestIdIsForgottenBeyondTheBound() {
        RecentRequests requests = new RecentRequests();
        for (int i = 0; i <= RecentRequests.MAX; i++) {
            requests.add("req-" + i, null);
        }

        assertThat(requests.size()).isEqualTo(RecentRequests.MAX);
        assertThat(requests.contains("req-0")).isFalse();
        assertThat(requests.contains("req-1")).isTrue();
        assertThat(requests.contains("req-" + RecentRequests.MAX)).isTrue();
    }

    @Test
    void anIdSeenAgainBecomesTheNewestAndKeepsItsUpdate() {
        RecentRequests requests = new RecentRequests();
        requests.add("req-0", "upd-0");
        for (int i = 1; i < RecentRequests.MAX; i++) {
            requests.add("req-" + i, null);
        }
        requests.add("req-0", "upd-0");
        requests.add("req-new", null);

        assertThat(requests.contains("req-0")).isTrue();
        assertThat(requests.updateIdOf("req-0")).isEqualTo("upd-0");
        assertThat(requests.contains("req-1")).isFalse();
    }

    @Test
    void nullIdsAreNeitherKeptNorFound() {
        RecentRequests requests = new RecentRequests();
        requests.add(null, null);

        assertThat(requests.size()).isZero();
        assertThat(requests.contains(null)).isFalse();
        assertThat(requests.updateIdOf(null)).isNull();
        assertThat(requests.updateIdOf("unknown")).isNull();
    }

    @Test
    void aSuccessorInheritsItsPredecessorsIdsAsOlderThanItsOwnWithinTheBound() {
        RecentRequests predecessor = new RecentRequests();
        for (int i = 0; i < RecentRequests.MAX; i++) {
            predecessor.add("old-" + i, i == RecentRequests.MAX - 1 ? "upd-old" : null);
        }
        RecentRequests successor = new RecentRequests();
        successor.add("own", null);

        successor.inherit(predecessor);

        assertThat(successor.size()).isEqualTo(RecentRequests.MAX);
        assertThat(successor.contains("own")).isTrue();
        assertThat(successor.contains("old-0")).isFalse();
        assertThat(successor.contains("old-1")).isTrue();
        assertThat(successor.updateIdOf("old-" + (RecentRequests.MAX - 1))).isEqualTo("upd-old");
        assertThat(successor.entries().keySet()).first().isEqualTo("old-1");
        assertThat(successor.entries().keySet()).last().isEqualTo("own");
    }
}
