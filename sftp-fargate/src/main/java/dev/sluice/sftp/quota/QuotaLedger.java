package dev.sluice.sftp.quota;

import dev.sluice.dynamo.UsageCounters;
import dev.sluice.quota.QuotaScope;
import dev.sluice.users.User;
import java.time.Clock;
import java.util.List;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the usage counters of users and folders (DynamoDB atomic updates shared by every task).
 * An upload reserves its bytes part by part with a bounded increment that checks the limit in the
 * same step, so two tasks cannot both take the last bytes; an abort gives them back.
 */
public final class QuotaLedger {

    private static final Logger log = LoggerFactory.getLogger(QuotaLedger.class);

    private final UsageCounters users;
    private final UsageCounters folders;
    private final Clock clock;

    public QuotaLedger(UsageCounters users, UsageCounters folders, Clock clock) {
        this.users = users;
        this.folders = folders;
        this.clock = clock;
    }

    /** The counters a file at {@code path} of {@code user} is charged to. */
    public List<QuotaScope.Counter> countersFor(User user, String path) {
        return QuotaScope.countersFor(user, path);
    }

    /** Fails before an upload starts when a limit is already reached (no bytes or no files left). */
    public void checkRoom(List<QuotaScope.Counter> counters, boolean newFile) throws SftpException {
        for (QuotaScope.Counter c : counters) {
            if (!c.limited()) {
                continue;
            }
            var reserved = table(c).tryAdd(c.key(), c.maxSize() > 0 ? 1 : 0, newFile && c.maxFiles() > 0 ? 1 : 0,
                c.maxSize(), c.maxFiles(), clock.millis());
            if (reserved instanceof UsageCounters.Reserved) {
                change(c, c.maxSize() > 0 ? -1 : 0, newFile && c.maxFiles() > 0 ? -1 : 0);
            } else if (reserved instanceof UsageCounters.OverQuota) {
                throw exceeded(c);
            }
        }
    }

    /**
     * Adds {@code bytes} and {@code files} to every counter, each within its limits; all or
     * nothing: when one refuses, the ones already taken are given back.
     */
    public void reserve(List<QuotaScope.Counter> counters, long bytes, int files) throws SftpException {
        for (int i = 0; i < counters.size(); i++) {
            QuotaScope.Counter c = counters.get(i);
            var result = table(c).tryAdd(c.key(), bytes, files, c.maxSize(), c.maxFiles(), clock.millis());
            if (!(result instanceof UsageCounters.Reserved)) {
                for (int j = 0; j < i; j++) {
                    change(counters.get(j), -bytes, -files);
                }
                if (result instanceof UsageCounters.Missing) {
                    log.warn("usage counter {} {} missing; not charged", c.owner(), c.key());
                    continue;
                }
                throw exceeded(c);
            }
        }
    }

    /** Unbounded change (releases, deletes, completed overwrites): never refused. */
    public void add(List<QuotaScope.Counter> counters, long bytes, int files) {
        for (QuotaScope.Counter c : counters) {
            change(c, bytes, files);
        }
    }

    private void change(QuotaScope.Counter c, long bytes, int files) {
        if (bytes == 0 && files == 0) {
            return;
        }
        try {
            table(c).add(c.key(), bytes, files, clock.millis());
        } catch (RuntimeException e) {
            // A lost update makes the counter drift; a quota scan corrects it.
            log.warn("could not change usage of {} {} by {} bytes / {} files: {}", c.owner(), c.key(), bytes, files, e.toString());
        }
    }

    private UsageCounters table(QuotaScope.Counter c) {
        return c.owner() == QuotaScope.Owner.USER ? users : folders;
    }

    private static SftpException exceeded(QuotaScope.Counter c) {
        return new SftpException(SftpConstants.SSH_FX_QUOTA_EXCEEDED,
            "quota exceeded: " + (c.owner() == QuotaScope.Owner.USER ? "user" : "folder \"" + c.key() + "\"")
                + " limit " + c.maxSize() + " bytes / " + c.maxFiles() + " files");
    }
}
