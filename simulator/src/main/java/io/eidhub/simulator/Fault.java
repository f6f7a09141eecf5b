package io.eidhub.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Faults that can be armed for the next relevant response of a provider (see {@link Faults}). Each ID-token fault
 * carries its own transformation of the token ({@link IdTokenFault}); each fault says what a provider needs for it to
 * apply ({@link #needs()}).
 */
public enum Fault implements IdTokenFault {
    /** ID token {@code iss} is not the issuer. */
    WRONG_ISS(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            claims.put("iss", scene.issuer() + "/not-the-issuer");
        }
    },
    /** ID token {@code aud} is another client. */
    WRONG_AUD(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            if (!scene.armed(MULTI_AUD_NO_AZP)) {
                claims.put("aud", "another-client");
            }
        }
    },
    /** ID token already expired ({@code exp} in the past). */
    EXPIRED(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            shiftTimes(claims, -900);
        }
    },
    /** ID token {@code iat} one hour in the future. */
    IAT_FUTURE(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            if (!scene.armed(EXPIRED)) {
                shiftTimes(claims, 3600);
            }
        }
    },
    /** ID token signature bytes altered. */
    BAD_SIGNATURE(Stage.ID_TOKEN) {
        @Override
        public IdTokenForm form(IdTokenForm form) {
            return form.tampered();
        }
    },
    /** Unsigned ID token ({@code alg: none}); still encrypted for itsme RSA/dir clients. */
    ALG_NONE(Stage.ID_TOKEN) {
        @Override
        public IdTokenForm form(IdTokenForm form) {
            return form.unsignedToken();
        }
    },
    /** ID token signed with a fresh key whose kid is not in the JWKS. */
    UNKNOWN_KID(Stage.ID_TOKEN) {
        @Override
        public IdTokenForm form(IdTokenForm form) {
            return form.withRogueKey();
        }
    },
    /** ID token {@code nonce} differs from the request's. */
    NONCE_MISMATCH(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            claims.put("nonce", "mismatch-" + Ids.random(8));
        }
    },
    /** ID token without {@code acr}. */
    MISSING_ACR(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            claims.put("acr", null);
        }
    },
    /**
     * ID token {@code acr} one level below what was asked: itsme basic for advanced and the undefined
     * {@code acr_none} for basic; IDEMIA loa-(n-1), {@code loa-1} for loa-2.
     */
    LOWER_ACR(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            claims.computeIfPresent("acr", (name, acr) -> scene.lowerAcr((String) acr));
        }
    },
    /** itsme only: ID token signed but not encrypted. */
    UNENCRYPTED_ID_TOKEN(Stage.ID_TOKEN, Needs.ENCRYPTED_ID_TOKEN) {
        @Override
        public IdTokenForm form(IdTokenForm form) {
            return form.notEncrypted();
        }
    },
    /**
     * ID token {@code auth_time} two hours ago, as from a provider that kept its own session (oxAuth SSO) and did not
     * ask the person again.
     */
    OLD_AUTH_TIME(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            claims.put("auth_time", (Long) claims.get("auth_time") - 7200);
        }
    },
    /** ID token {@code aud} is the client and another relying party, without {@code azp}. */
    MULTI_AUD_NO_AZP(Stage.ID_TOKEN) {
        @Override
        public void claims(Map<String, Object> claims, IdTokenScene scene) {
            claims.put("aud", List.of(scene.clientId(), "another-client"));
        }
    },
    /**
     * itsme only: the ID token of a key-pair client encrypted with {@code alg=dir} under the key derived from
     * {@link #PLACEHOLDER_SECRET}, the kind of placeholder an admin types in the admin console's secret field.
     */
    DIR_FOR_KEY_PAIR(Stage.ID_TOKEN, Needs.ENCRYPTED_ID_TOKEN) {
        @Override
        public IdTokenForm form(IdTokenForm form) {
            return form.dirWithPlaceholder();
        }
    },
    /** The authorization response is {@code error=login_required} (with {@code state}), as to a {@code prompt=none} request. */
    LOGIN_REQUIRED(Stage.AUTHORIZATION_RESPONSE),
    /** IDEMIA only: {@code end_session} answers HTTP 500. */
    END_SESSION_ERROR(Stage.LOGOUT, Needs.END_SESSION),
    /** Userinfo {@code sub} differs from the ID token's. */
    USERINFO_SUB_MISMATCH(Stage.USERINFO),
    /** The authorization response (approve or refuse) is {@code error=access_denied} without {@code state}. */
    ERROR_WITHOUT_STATE(Stage.AUTHORIZATION_RESPONSE),
    /** The authorization response is {@code error=temporary_unavailable} (itsme's documented spelling) with state. */
    TEMPORARY_UNAVAILABLE(Stage.AUTHORIZATION_RESPONSE),
    /** The token endpoint answers 400 {@code invalid_grant}. */
    TOKEN_ERROR(Stage.TOKEN_ENDPOINT),
    /**
     * The token endpoint redeems the code, then waits before answering (10 s unless the fault was armed with
     * {@code delayMillis}): a provider slower than the relying party's read timeout.
     */
    TOKEN_SLOW(Stage.TOKEN_ANSWER),
    /** The token endpoint redeems the code and answers an HTML error page labelled {@code application/json} (a gateway). */
    TOKEN_HTML(Stage.TOKEN_ANSWER),
    /** The token endpoint answers JSON whose {@code id_token} is cut in the middle. */
    TOKEN_TRUNCATED_JWT(Stage.TOKEN_ANSWER),
    /** The token endpoint answers the genuine tokens labelled {@code text/html} instead of {@code application/json}. */
    TOKEN_WRONG_CONTENT_TYPE(Stage.TOKEN_ANSWER),
    /** The token endpoint answers a 50 MB JSON body (chunked, no length), stopping when the client hangs up. */
    TOKEN_HUGE_BODY(Stage.TOKEN_ANSWER);

    /** The response a fault applies to. */
    enum Stage { AUTHORIZATION_RESPONSE, TOKEN_ENDPOINT, TOKEN_ANSWER, ID_TOKEN, USERINFO, LOGOUT }

    /** The client secret {@link #DIR_FOR_KEY_PAIR} derives its key from. */
    public static final String PLACEHOLDER_SECRET = "placeholder";

    /** What a provider must have for the fault to apply to it (see {@link SimulatedProvider#supports(Fault)}). */
    enum Needs { NOTHING, ENCRYPTED_ID_TOKEN, END_SESSION }

    private final Stage stage;
    private final Needs needs;

    Fault(Stage stage) {
        this(stage, Needs.NOTHING);
    }

    Fault(Stage stage, Needs needs) {
        this.stage = stage;
        this.needs = needs;
    }

    Needs needs() {
        return needs;
    }

    /** The control API's answer when the fault is armed for a provider that lacks what it {@link #needs()}. */
    String notApplicableMessage() {
        return switch (needs) {
            case NOTHING -> id() + " applies to every provider";
            case ENCRYPTED_ID_TOKEN -> id() + " applies to itsme only";
            case END_SESSION -> id() + " applies to IDEMIA only (itsme has no end_session)";
        };
    }

    Stage stage() {
        return stage;
    }

    /** The wire name, e.g. {@code wrong_iss}. */
    public String id() {
        return name().toLowerCase();
    }

    /** Parses a wire name; null when unknown. */
    public static Fault fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equalsIgnoreCase(id == null ? "" : id.trim()))
                .findFirst().orElse(null);
    }

    /** Moves {@code iat} and {@code exp} together by {@code seconds}. */
    private static void shiftTimes(Map<String, Object> claims, long seconds) {
        claims.put("iat", (Long) claims.get("iat") + seconds);
        claims.put("exp", (Long) claims.get("exp") + seconds);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Fault::id).toList();
    }
}
