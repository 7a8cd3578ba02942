package dev.sluice.sftp.quota;

import dev.sluice.dynamo.UsageCounters;
import dev.sluice.quota.LeasedObject;
import dev.sluice.quota.QuotaLease;
import dev.sluice.quota.QuotaLeases;
import dev.sluice.quota.QuotaScope;
import dev.sluice.quota.QuotaUsage;
import dev.sluice.users.User;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP side of quotas: changes the usage counters of users and folders (DynamoDB atomic
 * updates shared by every task) and holds uploads' reservations under leases
 * ({@link QuotaLeases}, in {@code shared}), translating their outcomes into SFTP status codes. An
 * upload reserves its bytes part by part with a bounded increment that checks the limit in the
 * same step, so two tasks cannot both take the last bytes; an abort gives them back, and a task
 * that dies gives them back when its leases lapse.
 */
public final class QuotaLedger {

    private static final Logger log = LoggerFactory.getLogger(QuotaLedger.class);

    private final UsageCounters users;
    private final UsageCounters folders;
    private final QuotaLeases leases;
    private final Clock clock;

    public QuotaLedger(UsageCounters users, UsageCounters folders, QuotaLeases leases, Clock clock) {
        this.users = users;
        this.folders = folders;
        this.leases = leases;
        this.clock = clock;
    }

    public QuotaLeases leases() {
        return leases;
    }

    /** The counters a file at {@code path} of {@code user} is charged to. */
    public List<QuotaScope.Counter> countersFor(User user, String path) {
        return QuotaScope.countersFor(user, path);
    }

    /** Fails before an upload starts when a limit is already reached (no bytes or no files left); writes nothing. */
    public void checkRoom(List<QuotaScope.Counter> counters, boolean newFile) throws SftpException {
        for (QuotaScope.Counter c : counters) {
            if (!c.limited()) {
                continue;
            }
            Optional<QuotaUsage> usage = table(c).current(c.key());
            if (usage.isPresent() && ((c.maxSize() > 0 && usage.get().usedQuotaSize() >= c.maxSize())
                    || (newFile && c.maxFiles() > 0 && usage.get().usedQuotaFiles() >= c.maxFiles()))) {
                throw exceeded(c, UsageCounters.Limit.QUOTA);
            }
        }
    }

    /** A lease for one upload or move over {@code counters}; nothing is written until it reserves. */
    public QuotaLease open(List<QuotaScope.Counter> counters, String session, Optional<LeasedObject> object) {
        return leases.open(counters, session, object);
    }

    /**
     * Reserves {@code bytes} and {@code files} in every counter of the lease, each within its limits;
     * all or nothing.
     */
    public void reserve(QuotaLease lease, long bytes, int files) throws SftpException {
        check(leases.reserve(lease, bytes, files));
    }

    /** Before the object appears: what the upload will finally add ({@link QuotaLeases#completing}). */
    public void completing(QuotaLease lease, long settleBytes, int settleFiles) throws SftpException {
        check(leases.completing(lease, settleBytes, settleFiles));
    }

    /** The object is in place: the lease becomes its usage. */
    public void commit(QuotaLease lease) {
        leases.commit(lease);
    }

    /** Gives back what the lease holds. */
    public void release(QuotaLease lease) {
        leases.release(lease);
    }

    /** Unbounded change (deletes, completed moves): never refused for the quota. */
    public void add(List<QuotaScope.Counter> counters, long bytes, int files) {
        for (QuotaScope.Counter c : counters) {
            change(c, bytes, files);
        }
    }

    private void check(QuotaLeases.Reservation reservation) throws SftpException {
        switch (reservation) {
            case QuotaLeases.Granted granted -> {
            }
            case QuotaLeases.Refused refused -> throw exceeded(refused.counter(), refused.limit());
            case QuotaLeases.Lost lost -> throw new SftpException(SftpConstants.SSH_FX_FAILURE,
                "the upload's quota reservation lapsed (this server could not renew it in time); nothing was stored");
        }
    }

    private void change(QuotaScope.Counter c, long bytes, int files) {
        if (bytes == 0 && files == 0) {
            return;
        }
        try {
            if (table(c).add(c.key(), bytes, files, clock.millis()) instanceof UsageCounters.Refused) {
                log.warn("usage of {} {} would leave its range; not changed by {} bytes / {} files", c.owner(), c.key(), bytes, files);
            }
        } catch (RuntimeException e) {
            // A lost update makes the counter drift; a quota scan corrects it.
            log.warn("could not change usage of {} {} by {} bytes / {} files: {}", c.owner(), c.key(), bytes, files, e.toString());
        }
    }

    private UsageCounters table(QuotaScope.Counter c) {
        return c.owner() == QuotaScope.Owner.USER ? users : folders;
    }

    private static SftpException exceeded(QuotaScope.Counter c, UsageCounters.Limit limit) {
        String who = c.owner() == QuotaScope.Owner.USER ? "user" : "folder \"" + c.key() + "\"";
        if (limit == UsageCounters.Limit.RANGE) {
            return new SftpException(SftpConstants.SSH_FX_QUOTA_EXCEEDED, "quota exceeded: the usage counter of the " + who
                + " is at its maximum (" + QuotaUsage.MAX_SIZE + " bytes / " + QuotaUsage.MAX_FILES + " files)");
        }
        return new SftpException(SftpConstants.SSH_FX_QUOTA_EXCEEDED,
            "quota exceeded: " + who + " limit " + c.maxSize() + " bytes / " + c.maxFiles() + " files");
    }
}
