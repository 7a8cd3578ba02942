package dev.sluice.dynamo;

/** The outcome of a conditional write: callers switch over it instead of catching exceptions. */
public sealed interface WriteResult<T> {

    /** The same outcome with a written value transformed (for example redacted for a response). */
    default WriteResult<T> map(java.util.function.UnaryOperator<T> change) {
        return this instanceof Written<T> written
                ? new Written<>(change.apply(written.value()), written.version())
                : this;
    }

    /** The write happened; {@code version} is the new version. */
    record Written<T>(T value, long version) implements WriteResult<T> {}

    /** Create refused: an item with this key exists. */
    record AlreadyExists<T>(String key) implements WriteResult<T> {}

    /** Update or delete refused: no item with this key. */
    record NotFound<T>(String key) implements WriteResult<T> {}

    /** Update refused: another writer changed the item since {@code expectedVersion} was read. */
    record VersionConflict<T>(String key, long expectedVersion) implements WriteResult<T> {}
}
