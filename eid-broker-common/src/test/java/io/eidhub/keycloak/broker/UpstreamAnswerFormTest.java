package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Base64Url;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form checks on what the token endpoint answers: its content type and an encrypted ID token cut short. */
class UpstreamAnswerFormTest {

    private static String segment(String json) {
        return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenAnswersMustBeLabelledJson() {
        assertTrue(UpstreamAnswerForm.isJson("application/json"));
        assertTrue(UpstreamAnswerForm.isJson("application/json;charset=UTF-8"));
        assertTrue(UpstreamAnswerForm.isJson(" Application/JSON ; charset=utf-8"));
        assertFalse(UpstreamAnswerForm.isJson("text/html;charset=UTF-8"));
        assertFalse(UpstreamAnswerForm.isJson("text/plain"));
        assertFalse(UpstreamAnswerForm.isJson("application/jwt"));
        assertFalse(UpstreamAnswerForm.isJson(null));
    }

    @Test
    void anEncryptedTokenCutShortIsIncomplete() {
        String jweHeader = segment("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"kid\":\"k\"}");
        String whole = jweHeader + "." + "k".repeat(342) + ".aXZpdml2aXZpdg." + "c".repeat(800) + ".dGFndGFndGFn";
        assertFalse(UpstreamAnswerForm.isIncompleteJwe(whole));
        assertTrue(UpstreamAnswerForm.isIncompleteJwe(whole.substring(0, whole.length() / 2 + 10)));
        assertTrue(UpstreamAnswerForm.isIncompleteJwe(jweHeader + ".a2V5.aXY"));

        String jws = segment("{\"alg\":\"RS256\",\"kid\":\"k\"}") + "." + segment("{\"sub\":\"x\"}") + ".c2ln";
        assertFalse(UpstreamAnswerForm.isIncompleteJwe(jws), "a signed token is not a JWE");
        assertFalse(UpstreamAnswerForm.isIncompleteJwe("not a token"));
        assertFalse(UpstreamAnswerForm.isIncompleteJwe(null));
    }
}
