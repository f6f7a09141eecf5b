package io.eidhub.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.eidhub.simulator.TestPersons.ISM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestPersonsAndConfigTest {

    @Test
    void personsPerProvider() {
        assertEquals(List.of("alice", "bob", "chloe", "mateja"), TestPersons.of("itsme").stream().map(TestPerson::id).toList());
        assertEquals(List.of("dana", "eli", "frank"), TestPersons.of("idemia").stream().map(TestPerson::id).toList());
        assertNull(TestPersons.find("idemia", "eli").claim("documentId"));
        assertNull(TestPersons.find("idemia", "eli").claim("address1"));
        assertEquals("FRA", TestPersons.find("itsme", "chloe").claim(ISM + "claim_citizenship"));
        assertNull(TestPersons.find("itsme", "chloe").claim("email"));
    }

    @Test
    void belgianNationalNumbersHaveValidCheckDigits() {
        for (TestPerson p : TestPersons.of("itsme")) {
            String nn = (String) p.claim(ISM + "BENationalNumber");
            if (nn == null) {
                assertEquals("mateja", p.id(), "only the Slovenian test person has no Belgian number");
                continue;
            }
            assertEquals(11, nn.length());
            BigInteger base = new BigInteger(nn.substring(0, 9));
            if (p.birthdate().getYear() >= 2000) {
                base = base.add(BigInteger.valueOf(2_000_000_000L));
            }
            int check = 97 - base.mod(BigInteger.valueOf(97)).intValue();
            assertEquals(check, Integer.parseInt(nn.substring(9)), p.id());
            assertTrue(nn.startsWith(p.birthdate().toString().substring(2).replace("-", "")), p.id());
            int seq = Integer.parseInt(nn.substring(6, 9));
            assertEquals("male".equals(p.claim("gender")), seq % 2 == 1, p.id());
        }
    }

    @Test
    void subjectsArePairwiseAndStable() {
        String a1 = Simulator.subject("itsme", "client-a", "alice");
        assertEquals(36, a1.length());
        assertEquals(a1, Simulator.subject("itsme", "client-a", "alice"));
        assertNotEquals(a1, Simulator.subject("itsme", "client-b", "alice"));
        Set<String> subs = TestPersons.all().stream().map(p -> Simulator.subject(p.provider(), "c", p.id()))
                .collect(Collectors.toSet());
        assertEquals(TestPersons.all().size(), subs.size());
    }

    @Test
    void clientDefaultsAndValidation() {
        ClientRegistration pk = ClientRegistration.builder("itsme", "a").jwksUri("http://x/certs").redirectUri("http://r").build();
        assertEquals("private_key_jwt", pk.authMethod());
        assertEquals("rsa", pk.idTokenEncryption());
        ClientRegistration cs = ClientRegistration.builder("itsme", "b").clientSecret("s").redirectUri("http://r").build();
        assertEquals("client_secret_post", cs.authMethod());
        assertEquals("dir", cs.idTokenEncryption());
        ClientRegistration id = ClientRegistration.builder("idemia", "c").clientSecret("s").redirectUri("http://r")
                .idTokenEncryption("rsa").build();
        assertEquals("client_secret_basic", id.authMethod());
        assertEquals("none", id.idTokenEncryption());
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.builder("itsme", "d").authMethod("private_key_jwt")
                .redirectUri("http://r").build());
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.builder("other", "e").clientSecret("s")
                .redirectUri("http://r").build());
        assertFalse(cs.toJson(false).contains("\"s\""));
    }

    @Test
    void configFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clients.json");
        Files.writeString(file, """
                {"clients":[
                  {"provider":"itsme","clientId":"kc","clientSecret":"x","redirectUris":["http://localhost/cb"],
                   "serviceCodes":["S"],"idTokenEncryption":"none"},
                  {"provider":"idemia","clientId":"kc-i","clientSecret":"y","redirectUris":["http://localhost/cb2"],
                   "postLogoutRedirectUris":["http://localhost/lo"]}
                ]}""");
        List<ClientRegistration> clients = SimulatorOptions.loadClients(file);
        assertEquals(2, clients.size());
        assertEquals("none", clients.get(0).idTokenEncryption());
        assertEquals(List.of("http://localhost/lo"), clients.get(1).postLogoutRedirectUris());
    }

    @Test
    void keysFileKeepsKeysAcrossInstances(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.json");
        String first;
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().quiet(true).keysFile(keys))) {
            first = new TestClient().get(sim.baseUrl() + "/v2/jwkSet").body();
        }
        assertTrue(Files.exists(keys));
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().quiet(true).keysFile(keys))) {
            assertEquals(first, new TestClient().get(sim.baseUrl() + "/v2/jwkSet").body());
            assertTrue(new TestClient().get(sim.baseUrl() + "/").body().contains("/oxauth/.well-known/openid-configuration"));
        }
    }
}
