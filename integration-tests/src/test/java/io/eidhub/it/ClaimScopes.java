package io.eidhub.it;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo realm's {@code verified_claims} and {@code age} client scopes (as {@code hub/realm-hub.json} ships them),
 * added to a test realm as optional scopes of its client, with a user profile in which names and e-mail are optional
 * (an age-only login, or {@code storeClaims=session}, gives Keycloak no name to store).
 */
public final class ClaimScopes {

    private ClaimScopes() {
    }

    public static void install(TestRealm realm) {
        addOptionalScope(realm, "verified_claims", "eidhub-verified-claims-mapper");
        addOptionalScope(realm, "age", "eidhub-age-over-18-mapper");
        realm.updateUserProfile(up -> {
            for (String name : List.of("firstName", "lastName", "email")) {
                UPAttribute attribute = up.getAttribute(name);
                if (attribute != null) {
                    attribute.setRequired(null);
                }
            }
        });
    }

    /** Sets (or with null removes) a client attribute of the test realm's client. */
    public static void clientAttribute(TestRealm realm, String name, String value) {
        ClientResource client = client(realm);
        ClientRepresentation rep = client.toRepresentation();
        if (value == null) {
            rep.getAttributes().remove(name);
        } else {
            rep.getAttributes().put(name, value);
        }
        client.update(rep);
    }

    /** The userinfo answer for an access token, as JSON. */
    public static Map<String, Object> userInfo(TestRealm realm, String accessToken) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(realm.issuer() + "/protocol/openid-connect/userinfo"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Jwt.json(response.body());
    }

    private static void addOptionalScope(TestRealm realm, String name, String mapperType) {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName(name);
        scope.setProtocol("openid-connect");
        scope.setAttributes(Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false"));
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(mapperType);
        mapper.setConfig(Map.of("id.token.claim", "true", "userinfo.token.claim", "true", "access.token.claim", "false"));
        scope.setProtocolMappers(List.of(mapper));
        String id;
        try (Response created = realm.resource().clientScopes().create(scope)) {
            assertEquals(201, created.getStatus(), "client scope " + name);
            String location = created.getLocation().getPath();
            id = location.substring(location.lastIndexOf('/') + 1);
        }
        client(realm).addOptionalClientScope(id);
    }

    private static ClientResource client(TestRealm realm) {
        String id = realm.resource().clients().findByClientId(TestRealm.CLIENT_ID).get(0).getId();
        return realm.resource().clients().get(id);
    }
}
