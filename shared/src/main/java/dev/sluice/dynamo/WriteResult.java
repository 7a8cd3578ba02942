package dev.sluice.dynamo;

/** The outcome of a conditional write: callers switch over it instead of catching exceptions. */
public sealed interface WriteResult<T> {

    /** The write happened; {@code version} is the new version. */
    record Written<T>(T value, long version) implements WriteResult<T> {
    }

    /** Create refused: an item with this key exists. */
    record AlreadyExists<T>(String key) implements WriteResult<T> {
    }

    /** Update or delete refused: no item with this key. */
    record NotFound<T>(String key) implements WriteResult<T> {
    }

    /** Update refused: another writer changed the item since {@code expectedVersion} was read. */
    record VersionConflict<T>(String key, long expectedVersion) implements WriteResult<T> {
    }
}
