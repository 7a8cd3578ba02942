package dev.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.quota.QuotaScope;
import dev.sluice.users.PatternsFilter;
import dev.sluice.users.Permission;
import dev.sluice.users.User;
import dev.sluice.users.VirtualFolderMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules the SFTP server and the REST API share (they live in shared; tested here with their
 * first user).
 */
class SharedRulesTest {

    @Test
    void mostSpecificDirectoryWinsAndUmbrellasGrantSpecificForms() {
        PathPermissions p =
                PathPermissions.of(
                        Map.of(
                                "/",
                                List.of("list", "download"),
                                "/a",
                                List.of("*"),
                                "/a/b",
                                List.of("list", "delete", "rename"),
                                "/x/../y",
                                List.of("*")));
        assertThat(p.allows("/", Permission.UPLOAD)).isFalse();
        assertThat(p.allows("/other/deep", Permission.DOWNLOAD)).isTrue();
        assertThat(p.allows("/a/z", Permission.UPLOAD)).isTrue();
        assertThat(p.allows("/a/b/c", Permission.UPLOAD))
                .as("/a/b wins outright over /a")
                .isFalse();
        assertThat(p.allows("/a/b", Permission.DELETE_FILES)).isTrue();
        assertThat(p.allows("/a/b", Permission.RENAME_DIRS)).isTrue();
        assertThat(p.allows("/ab", Permission.UPLOAD)).as("/ab is not below /a").isFalse();
        assertThat(p.allows("/y", Permission.UPLOAD)).as("a key with .. is ignored").isFalse();
    }

    @Test
    void filePatternsDeniedFirstThenAllowedMostSpecificDirectory() {
        FileNameRules r =
                FileNameRules.of(
                        List.of(
                                new PatternsFilter("/", null, List.of("*.exe")),
                                new PatternsFilter("/img", List.of("*.jpg"), List.of("secret*"))));
        assertThat(r.allowsFile("/a.EXE")).isFalse();
        assertThat(r.allowsFile("/a.txt")).isTrue();
        assertThat(r.allowsFile("/img/a.JPG")).isTrue();
        assertThat(r.allowsFile("/img/a.png")).isFalse();
        assertThat(r.allowsFile("/img/secret.jpg")).isFalse();
        assertThat(r.allowsFile("/img/sub/a.exe")).as("/img's filter replaces /'s").isFalse();
        assertThat(r.allowsFile("/img/sub/a.png")).isFalse();
    }

    @Test
    void quotaScopeFollowsSftpGo() {
        User u =
                User.builder()
                        .username("u")
                        .quotaSize(100)
                        .quotaFiles(10)
                        .virtualFolders(
                                List.of(
                                        new VirtualFolderMapping("own", "/own", 50, 5),
                                        new VirtualFolderMapping("incl", "/incl", -1, -1),
                                        new VirtualFolderMapping("deep", "/own/deep", 0, 0)))
                        .build();
        assertThat(QuotaScope.countersFor(u, "/f"))
                .containsExactly(new QuotaScope.Counter(QuotaScope.Owner.USER, "u", 100, 10));
        assertThat(QuotaScope.countersFor(u, "/own/f"))
                .containsExactly(new QuotaScope.Counter(QuotaScope.Owner.FOLDER, "own", 50, 5));
        assertThat(QuotaScope.countersFor(u, "/incl/f"))
                .containsExactly(
                        new QuotaScope.Counter(QuotaScope.Owner.FOLDER, "incl", 0, 0),
                        new QuotaScope.Counter(QuotaScope.Owner.USER, "u", 100, 10));
        assertThat(QuotaScope.countersFor(u, "/own/deep/f"))
                .containsExactly(new QuotaScope.Counter(QuotaScope.Owner.FOLDER, "deep", 0, 0));
        assertThat(QuotaScope.countersFor(u, "/ownx/f").get(0).owner())
                .isEqualTo(QuotaScope.Owner.USER);
    }
}
