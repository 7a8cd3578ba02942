package dev.sluice.lambdas.api;

import static dev.sluice.admins.AdminPermission.MANAGE_DEFENDER;
import static dev.sluice.admins.AdminPermission.VIEW_DEFENDER;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.defender.DefenderHost;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.lambdas.http.ApiResponse;
import dev.sluice.lambdas.http.Route;
import dev.sluice.net.Cidr;
import dev.sluice.validation.FieldError;
import dev.sluice.validation.ValidationException;
import java.net.InetAddress;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * SFTPGo's defender routes, served by the system function: {@code GET /api/v2/defender/hosts} and
 * {@code GET /api/v2/defender/hosts/{id}} ({@code view_defender}), {@code DELETE
 * /api/v2/defender/hosts/{id}} ({@code manage_defender}). A host's id is SFTPGo's, the address text
 * in hexadecimal ({@link DefenderHost#id()}); what they show is the defender table, which every
 * SFTP task and API function shares.
 */
final class DefenderApi {

    /** The route parameter holding a host id. */
    static final String HOST_ID = "hostId";

    private DefenderApi() {}

    /**
     * SFTPGo's {@code DefenderEntry}. As SFTPGo writes it, {@code score} is left out while the
     * address is banned (a banned address has no score) and {@code ban_time} while it is not.
     *
     * @param id the address text in hexadecimal, for {@code /defender/hosts/{id}}
     * @param ip the address, canonical text
     * @param score the score in the current observation window
     * @param banTime when the ban ends, RFC 3339 in UTC to the second
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DefenderEntry(String id, String ip, Integer score, String banTime) {

        static DefenderEntry of(DefenderHost host) {
            return new DefenderEntry(
                    host.id(),
                    host.ip(),
                    host.score() == 0 ? null : host.score(),
                    host.banUntil()
                            .map(until -> until.truncatedTo(ChronoUnit.SECONDS).toString())
                            .orElse(null));
        }
    }

    static List<Route> routes(ApiContext context) {
        String template = "/api/v2/defender/hosts/{" + HOST_ID + "}";
        return List.of(
                new Route(
                        "GET",
                        "/api/v2/defender/hosts",
                        Access.admin(
                                context,
                                VIEW_DEFENDER,
                                (request, caller) ->
                                        ApiResponse.json(
                                                200,
                                                context.defender().hosts().stream()
                                                        .map(DefenderEntry::of)
                                                        .toList()))),
                new Route(
                        "GET",
                        template,
                        Access.admin(
                                context,
                                VIEW_DEFENDER,
                                (request, caller) -> {
                                    InetAddress address = address(request);
                                    return context.defender()
                                            .host(address)
                                            .map(h -> ApiResponse.json(200, DefenderEntry.of(h)))
                                            .orElseThrow(
                                                    () ->
                                                            ApiException.notFound(
                                                                    Cidr.text(address)
                                                                            + " is not in the"
                                                                            + " defender: it has no"
                                                                            + " score in the"
                                                                            + " observation window"
                                                                            + " and no ban"
                                                                            + off(context)));
                                })),
                new Route(
                        "DELETE",
                        template,
                        Access.admin(
                                context,
                                MANAGE_DEFENDER,
                                (request, caller) -> {
                                    InetAddress address = address(request);
                                    String ip = Cidr.text(address);
                                    if (!context.defender().delete(address)) {
                                        throw ApiException.notFound(
                                                "nothing to remove: "
                                                        + ip
                                                        + " has no score and no ban"
                                                        + off(context));
                                    }
                                    return ApiResponse.message(
                                            200,
                                            "Host removed: the score and ban of "
                                                    + ip
                                                    + " are forgotten, on every SFTP task and API"
                                                    + " function within"
                                                    + " SLUICE_DEFENDER_SYNC_SECONDS");
                                })));
    }

    /** The address a host id names; 400 when the id is not SFTPGo's hex of an IP address. */
    private static InetAddress address(ApiRequest request) {
        String id = request.pathParam(HOST_ID);
        return DefenderHost.addressOfId(id)
                .orElseThrow(
                        () ->
                                new ValidationException(
                                        FieldError.of(
                                                HOST_ID,
                                                id,
                                                "is not a defender host id: the hexadecimal of an"
                                                        + " IP address's text, as GET"
                                                        + " /api/v2/defender/hosts lists it"
                                                        + " (\"3139322e302e322e37\" is"
                                                        + " 192.0.2.7)")));
    }

    private static String off(ApiContext context) {
        return context.config().defender().enabled()
                ? ""
                : " (the defender is off: SLUICE_DEFENDER=false)";
    }
}
