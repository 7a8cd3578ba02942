package dev.sluice.retention;

import dev.sluice.dynamo.PageRequest;
import dev.sluice.dynamo.Versioned;
import dev.sluice.dynamo.WriteResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention policies and their schedules, kept together: creating, changing or deleting a policy
 * creates, changes or deletes its schedule, and a schedule the scheduler refuses leaves the stored
 * policy as it was.
 */
public final class RetentionPolicies {

    private static final Logger log = LoggerFactory.getLogger(RetentionPolicies.class);

    private final RetentionPolicyStore store;
    private final PolicySchedules schedules;
    private final Clock clock;

    public RetentionPolicies(RetentionPolicyStore store, PolicySchedules schedules, Clock clock) {
        this.store = store;
        this.schedules = schedules;
        this.clock = clock;
    }

    /**
     * Stores a new policy and creates its schedule; on a refused schedule the policy is removed
     * again and the refusal thrown.
     *
     * @throws dev.sluice.validation.ValidationException when the policy is invalid
     * @throws PolicySchedules.ScheduleException when the scheduler refused
     */
    public WriteResult<RetentionPolicy> create(RetentionPolicy input) {
        long now = clock.millis();
        RetentionPolicy policy = RetentionPolicyValidator.validate(input).stamped(now, now);
        WriteResult<RetentionPolicy> written = store.create(policy);
        if (written instanceof WriteResult.Written<RetentionPolicy>) {
            try {
                schedules.put(policy);
            } catch (RuntimeException e) {
                store.delete(policy.name());
                throw e;
            }
        }
        return written;
    }

    /**
     * Replaces a policy (its name and creation time stay) and changes its schedule; on a refused
     * schedule the previous policy is stored back.
     */
    public WriteResult<RetentionPolicy> update(String name, RetentionPolicy input) {
        Optional<Versioned<RetentionPolicy>> current = store.get(name);
        if (current.isEmpty()) {
            return new WriteResult.NotFound<>(name);
        }
        RetentionPolicy old = current.get().value();
        RetentionPolicy policy =
                RetentionPolicyValidator.validate(
                                new RetentionPolicy(
                                        name,
                                        input.description(),
                                        input.folders(),
                                        input.covers(),
                                        input.schedule(),
                                        input.timezone(),
                                        input.recipients(),
                                        input.enabled(),
                                        0,
                                        0))
                        .stamped(old.createdAt(), clock.millis());
        WriteResult<RetentionPolicy> written = store.update(policy, current.get().version());
        if (written instanceof WriteResult.Written<RetentionPolicy> w) {
            try {
                schedules.put(policy);
            } catch (RuntimeException e) {
                store.update(old, w.version());
                throw e;
            }
        }
        return written;
    }

    /** Deletes a policy's schedule, then the policy. */
    public WriteResult<RetentionPolicy> delete(String name) {
        if (store.get(name).isEmpty()) {
            return new WriteResult.NotFound<>(name);
        }
        schedules.delete(name);
        WriteResult<RetentionPolicy> result = store.delete(name);
        log.info("retention policy {} deleted with its schedule", name);
        return result;
    }

    public Optional<RetentionPolicy> find(String name) {
        return store.find(name);
    }

    public List<RetentionPolicy> list(PageRequest page) {
        return store.list(page);
    }
}
