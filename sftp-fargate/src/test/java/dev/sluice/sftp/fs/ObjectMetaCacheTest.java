package dev.sluice.sftp.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectMetaCacheTest {

    static final Mount M = new Mount("/", null, "bucket", "u/", Optional.empty(), null);
    static final Instant T1 = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2020-01-02T00:00:00Z");
    static final ObjectMeta META = ObjectMeta.NONE.withMtime(Instant.ofEpochSecond(7));

    @Test
    void anEntryHoldsForOneEtagAndLastModified() {
        var cache = new ObjectMetaCache(10);
        cache.put(M, "u/a", "e1", T1, META);
        assertThat(cache.get(M, "u/a", "e1", T1)).contains(META);
        assertThat(cache.get(M, "u/a", "e2", T1)).as("replaced object").isEmpty();
        assertThat(cache.get(M, "u/a", "e1", T2)).as("self-copied elsewhere").isEmpty();
        assertThat(cache.get(M, "u/b", "e1", T1)).isEmpty();
    }

    @Test
    void timesCompareToTheSecondAsHeadAndListingsDiffer() {
        var cache = new ObjectMetaCache(10);
        cache.put(M, "u/a", "e1", T1, META);
        assertThat(cache.get(M, "u/a", "e1", T1.plusMillis(123))).contains(META);
        assertThat(cache.get(M, "u/a", "e1", T1.plusSeconds(1))).isEmpty();
    }

    @Test
    void anEntryWithoutLastModifiedIsPinnedByItsFirstLookup() {
        var cache = new ObjectMetaCache(10);
        cache.put(M, "u/a", "e1", null, META);
        assertThat(cache.get(M, "u/a", "e1", T1)).contains(META);
        assertThat(cache.get(M, "u/a", "e1", T2)).isEmpty();
        assertThat(cache.get(M, "u/a", "e1", T1)).contains(META);
    }

    @Test
    void isBoundedLeastRecentlyUsedFirstOut() {
        var cache = new ObjectMetaCache(2);
        cache.put(M, "u/a", "e", T1, META);
        cache.put(M, "u/b", "e", T1, META);
        cache.get(M, "u/a", "e", T1);
        cache.put(M, "u/c", "e", T1, META);
        assertThat(cache.get(M, "u/b", "e", T1)).isEmpty();
        assertThat(cache.get(M, "u/a", "e", T1)).contains(META);
        assertThat(cache.get(M, "u/c", "e", T1)).contains(META);
    }
}
