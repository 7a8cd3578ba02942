package dev.sluice.lambdas.auth;

import dev.sluice.defender.Defender;
import dev.sluice.defender.HostEvent;
import dev.sluice.lambdas.http.ApiException;
import dev.sluice.lambdas.http.ApiRequest;
import dev.sluice.net.Cidr;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The defender at the API's door: refuses requests from banned source addresses with 403 and counts
 * failed logins against their source address. It never fails a request of its own accord: a
 * defender that cannot reach its table (a missing table, a missing permission, throttling) is
 * logged and the request goes on, so an outage of the defender is not an outage of the API.
 */
final class DefenderGate {

    private static final Logger LOG = LoggerFactory.getLogger(DefenderGate.class);

    private final Defender defender;

    DefenderGate(Defender defender) {
        this.defender = defender;
    }

    /**
     * Throws 403 when the request's source address is banned; such a request lengthens the ban, as
     * in SFTPGo. Called before anything else is looked at, so a banned address costs no password
     * hashing and no store read.
     */
    void refuseBanned(ApiRequest request) {
        Optional<InetAddress> source = Cidr.address(request.sourceIp());
        if (source.isEmpty()) {
            return;
        }
        boolean banned;
        try {
            banned = defender.refuses(source.get());
        } catch (RuntimeException e) {
            LOG.warn(
                    "defender: could not check {}, request let through: {}",
                    request.sourceIp(),
                    e.toString());
            return;
        }
        if (banned) {
            throw ApiException.forbidden(
                    "your IP address "
                            + request.sourceIp()
                            + " is banned by the defender after repeated failed logins, and each"
                            + " request lengthens the ban: stop for a while, or ask an"
                            + " administrator to lift it (sluice defender delete "
                            + request.sourceIp()
                            + ")");
        }
    }

    /**
     * Counts a failed login against the request's source address and returns {@code refusal}, for
     * the caller to throw.
     */
    ApiException failed(ApiRequest request, HostEvent event, ApiException refusal) {
        Optional<InetAddress> source = Cidr.address(request.sourceIp());
        if (source.isPresent()) {
            try {
                defender.record(source.get(), event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "defender: could not count {} of {}: {}",
                        event,
                        request.sourceIp(),
                        e.toString());
            }
        }
        return refusal;
    }
}
