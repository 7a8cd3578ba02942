package dev.sluice.cli.defender;

import dev.sluice.cli.ApiCommand;
import dev.sluice.cli.CliFailure;
import dev.sluice.cli.ExitCodes;
import dev.sluice.cli.Session;
import dev.sluice.defender.DefenderHost;
import dev.sluice.net.Cidr;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice defender}: the hosts the defender scored or banned (/api/v2/defender/hosts). */
@Command(
        name = "defender",
        description = {
            "Hosts the defender scored or banned (/api/v2/defender/hosts).",
            "A host is named by its IP address or by its id (SFTPGo's: the address in hex)."
        },
        subcommands = {
            DefenderCommand.Hosts.class,
            DefenderCommand.Host.class,
            DefenderCommand.Delete.class
        },
        footer = {"", "Example:", "  sluice defender hosts --output table"})
public final class DefenderCommand {

    /** Creates the group (picocli instantiates it). */
    public DefenderCommand() {}

    /**
     * The host id of what the user typed: an IP address (any spelling: its canonical text is
     * encoded) or an id as the API lists it.
     *
     * @throws CliFailure a usage failure when it is neither
     */
    public static String hostId(String ipOrId) {
        var address = Cidr.address(ipOrId.strip());
        if (address.isPresent()) {
            return DefenderHost.idOf(address.get());
        }
        // An IP literal always holds '.' or ':', a hex id never does: the two cannot be confused.
        var named = DefenderHost.addressOfId(ipOrId.strip());
        if (named.isPresent()) {
            return DefenderHost.idOf(named.get());
        }
        throw CliFailure.usage(
                "\""
                        + ipOrId
                        + "\" is neither an IP address (192.0.2.7, 2001:db8::7) nor a defender host"
                        + " id (the hex of an address, as sluice defender hosts lists it)");
    }

    static String path(String ipOrId) {
        return "/api/v2/defender/hosts/" + hostId(ipOrId);
    }

    /** {@code sluice defender hosts}. */
    @Command(
            name = "hosts",
            description = {
                "List the addresses with a score or a ban, banned first (needs view_defender).",
                "Banned hosts show ban_time (UTC) and no score, as SFTPGo lists them."
            },
            footer = {"", "Example:", "  sluice defender hosts --output table"})
    public static final class Hosts extends ApiCommand {
        /** Creates the command. */
        public Hosts() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get("/api/v2/defender/hosts", Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice defender host}. */
    @Command(
            name = "host",
            description =
                    "Show one host's score or ban (needs view_defender); HTTP 404 if neither.",
            footer = {"", "Example:", "  sluice defender host 192.0.2.7"})
    public static final class Host extends ApiCommand {
        @Parameters(
                index = "0",
                paramLabel = "IP_OR_ID",
                description = "An IP address, or a host id from defender hosts.")
        String host;

        /** Creates the command. */
        public Host() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().get(path(host), Map.of()).body());
            return ExitCodes.OK;
        }
    }

    /** {@code sluice defender delete}. */
    @Command(
            name = "delete",
            description = {
                "Forget a host's score and lift its ban (needs manage_defender).",
                "Every SFTP task and API function lets it in again within",
                "SLUICE_DEFENDER_SYNC_SECONDS."
            },
            footer = {"", "Example:", "  sluice defender delete 2001:db8::7"})
    public static final class Delete extends ApiCommand {
        @Parameters(
                index = "0",
                paramLabel = "IP_OR_ID",
                description = "An IP address, or a host id from defender hosts.")
        String host;

        /** Creates the command. */
        public Delete() {}

        @Override
        protected int run(Session session) {
            session.printer().body(session.api().delete(path(host)).body());
            return ExitCodes.OK;
        }
    }
}
