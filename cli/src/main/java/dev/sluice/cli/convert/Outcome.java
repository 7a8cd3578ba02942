package dev.sluice.cli.convert;

/** What became of one account of the source: converted, or skipped with the reason. */
public sealed interface Outcome permits ConvertedUser, SkippedAccount {

    /** The account's name in the source (empty when the line had none). */
    String username();
}
