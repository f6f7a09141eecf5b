package io.eidhub.it.bench;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.HtmlForm;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the five brokers the benchmark compares, all in one realm and pointed at the same simulator tenants: the
 * eID hub's {@code itsme} (claims in the ID token), {@code itsme-userinfo} (claims from userinfo), Keycloak's stock
 * {@code oidc} broker doing the same cryptography at the same itsme tenant ({@code oidc-itsme}: private_key_jwt, ID
 * token encrypted to the realm's key, PKCE, userinfo), the hub's {@code idemia} ({@code form_post}) and the stock
 * broker at the same IDEMIA tenant ({@code oidc-idemia}, {@code query}). Each has its own client at the simulator
 * and logs in its own test person, so that each gets its own account.
 */
public record BenchBroker(String name, String tenant, String person, boolean formPost) {

    static final String SERVICE_CODE = "EIDHUB_BENCH";
    static final String IDEMIA_SECRET = "bench-idemia-secret-0123456789";

    public static final List<BenchBroker> ALL = List.of(
            new BenchBroker("itsme", Simulator.ITSME_V2, "alice", false),
            new BenchBroker("itsme-userinfo", Simulator.ITSME_V2, "bob", false),
            new BenchBroker("oidc-itsme", Simulator.ITSME_V2, "chloe", false),
            new BenchBroker("idemia", Simulator.IDEMIA, "dana", true),
            new BenchBroker("oidc-idemia", Simulator.IDEMIA, "eli", false));

    String clientId(TestRealm realm) {
        return "bench-" + name + "-" + realm.name();
    }

    boolean itsme() {
        return Simulator.ITSME_V2.equals(tenant);
    }

    /** Registers the client at the simulator and the broker (with its mappers) in the realm. */
    public void install(TestRealm realm, Simulator sim) {
        ClientRegistration.Builder client = ClientRegistration.builder(itsme() ? ClientRegistration.ITSME : ClientRegistration.IDEMIA,
                clientId(realm)).redirectUri(realm.brokerEndpoint(name));
        if (itsme()) {
            client.authMethod(ClientRegistration.PRIVATE_KEY_JWT).jwksUri(realm.jwksUrl()).serviceCode(SERVICE_CODE);
        } else {
            client.authMethod("client_secret_basic").clientSecret(IDEMIA_SECRET);
        }
        sim.registerClient(client.build());

        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(name);
        idp.setDisplayName(name);
        idp.setEnabled(true);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", clientId(realm));
        config.put("syncMode", "IMPORT");
        switch (name) {
            case "itsme", "itsme-userinfo" -> {
                idp.setProviderId("itsme");
                config.put("metadataUrl", sim.discoveryUrl(tenant));
                config.put("serviceCode", SERVICE_CODE);
                // issue #10's key; an unknown key is ignored by a broker that does not know it yet
                config.put("claimsDelivery", "itsme".equals(name) ? "id_token" : "userinfo");
            }
            case "idemia" -> {
                idp.setProviderId("idemia");
                config.put("metadataUrl", sim.discoveryUrl(tenant));
                config.put("clientSecret", IDEMIA_SECRET);
                config.put("responseMode", System.getProperty("bench.idemiaResponseMode", "form_post"));
            }
            default -> {
                idp.setProviderId("oidc");
                String base = sim.issuer(tenant);
                boolean v2 = itsme();
                config.put("issuer", base);
                config.put("authorizationUrl", base + (v2 ? "/authorization" : "/restv1/authorize"));
                config.put("tokenUrl", base + (v2 ? "/token" : "/restv1/token"));
                config.put("userInfoUrl", base + (v2 ? "/userinfo" : "/restv1/userinfo"));
                config.put("jwksUrl", base + (v2 ? "/jwkSet" : "/restv1/jwks"));
                config.put("useJwksUrl", "true");
                config.put("validateSignature", "true");
                config.put("pkceEnabled", "true");
                config.put("pkceMethod", "S256");
                config.put("disableUserInfo", "false");
                if (v2) {
                    config.put("clientAuthMethod", "private_key_jwt");
                    config.put("clientAssertionSigningAlg", "RS256");
                    config.put("defaultScope", "openid service:" + SERVICE_CODE + " profile email");
                } else {
                    config.put("clientAuthMethod", "client_secret_basic");
                    config.put("clientSecret", IDEMIA_SECRET);
                    config.put("defaultScope", "openid id_basic mt_scope");
                }
            }
        }
        idp.setConfig(config);
        realm.addIdentityProvider(idp);
        // The stock brokers get stock mappers doing what the hub brokers' default mappers do (the same claims into
        // the same attributes, the same number of mappers), so that both kinds read and run the same mapper rows
        // per login and create the same account: the ratio then compares the same work.
        if ("oidc-itsme".equals(name)) {
            attributeMapper(realm, "given_name", "firstName");
            attributeMapper(realm, "family_name", "lastName");
            attributeMapper(realm, "email", "email");
        } else if ("oidc-idemia".equals(name)) {
            attributeMapper(realm, "firstName1", "firstName");
            attributeMapper(realm, "lastName1", "lastName");
            attributeMapper(realm, "documentId", "idemia_document_id");
            attributeMapper(realm, "address1", "idemia_address");
            addMapper(realm, "username", "oidc-username-idp-mapper",
                    Map.of("template", "${ALIAS}.${CLAIM.sub}", "target", "LOCAL", "syncMode", "INHERIT"));
        }
    }

    private void attributeMapper(TestRealm realm, String claim, String attribute) {
        addMapper(realm, attribute, "oidc-user-attribute-idp-mapper",
                Map.of("claim", claim, "user.attribute", attribute, "syncMode", "INHERIT"));
    }

    private void addMapper(TestRealm realm, String mapperName, String type, Map<String, String> config) {
        IdentityProviderMapperRepresentation m = new IdentityProviderMapperRepresentation();
        m.setName(mapperName);
        m.setIdentityProviderAlias(name);
        m.setIdentityProviderMapper(type);
        m.setConfig(config);
        try (Response r = realm.resource().identityProviders().get(name).addMapper(m)) {
            if (r.getStatus() != 201) {
                throw new IllegalStateException("mapper " + mapperName + " of " + name + ": HTTP " + r.getStatus());
            }
        }
    }

    /** The number of mappers the broker has in the realm (the benchmark prints it next to each broker). */
    int mapperCount(TestRealm realm) {
        return realm.resource().identityProviders().get(name).getMappers().size();
    }

    /**
     * One complete login in a new browser: the application's authorization request with {@code kc_idp_hint}, the
     * simulator's phone page, the approval, the answer carried back to Keycloak (redirect or {@code form_post}), and
     * the application's code exchange at Keycloak's token endpoint.
     */
    void login(TestRealm realm) {
        AuthRequest request = realm.authRequest().idpHint(name);
        request.finish(approve(new Browser(), request));
    }

    /**
     * The browser's part of {@link #login}: everything up to the stopped redirect to the application (its
     * callback page, with the code), in {@code browser}; the caller exchanges the code.
     */
    public Page approve(Browser browser, AuthRequest request) {
        Page phone = request.start(browser);
        HtmlForm form = phone.form(f -> person.equals(f.field("person")), name + " phone page for " + person);
        Page answer = browser.submit(form.click("decision", "approve"));
        if (formPost && !answer.stopped() && answer.status() == 200 && answer.forms().size() == 1
                && "POST".equals(answer.form().method())) {
            answer = browser.submit(answer.form());
        }
        return answer;
    }

    @Override
    public String toString() {
        return name;
    }
}
