package io.eidhub.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The control API (which hands out codes and tokens and rewrites what the providers assert) answers loopback
 * requests, and requests from elsewhere only with the token the simulator printed at start; the providers' own
 * endpoints answer everyone the simulator is bound to.
 */
class ControlApiAccessTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Simulator sim;

    @BeforeAll
    static void start() throws Exception {
        sim = Simulator.start(SimulatorOptions.defaults().bindAddress("0.0.0.0").quiet(true));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static int status(String host, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + sim.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header(ControlApi.TOKEN_HEADER, token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An IPv4 address of this machine that is not loopback, if it has one. */
    private static Optional<String> lanAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void loopbackRequestsAreAnswered() throws Exception {
        assertEquals(200, status("127.0.0.1", "/sim/api/faults", null));
    }

    @Test
    void otherHostsNeedTheToken() throws Exception {
        Optional<String> lan = lanAddress();
        assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
        assertEquals(403, status(lan.get(), "/sim/api/credentials?clientId=eidhub-demo", null));
        assertEquals(403, status(lan.get(), "/sim/api/faults", "not-the-token"));
        assertEquals(200, status(lan.get(), "/sim/api/faults", sim.controlToken()));
        // the providers themselves stay reachable
        assertEquals(200, status(lan.get(), "/v2/.well-known/openid-configuration", null));
        assertTrue(sim.controlToken().length() >= 32);
    }
}
