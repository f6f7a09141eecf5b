package io.eidhub.simulator;

import java.util.Map;

/**
 * What an ID-token fault does to the token: to its claims, after the honest claims are built ({@link IdTokenClaims}
 * applies the armed faults in {@link Fault} order), and to its form, signature and encryption ({@link TokenIssuer}
 * folds {@link #form} over the armed faults). Every {@link Fault} is one; only the ID-token faults override a method,
 * so a new ID-token fault is one enum constant with its transformation.
 */
interface IdTokenFault {

    /** Changes the claims; {@code scene} tells what the honest token was made for. */
    default void claims(Map<String, Object> claims, IdTokenScene scene) {
    }

    /** Changes how the token is signed and encrypted. */
    default IdTokenForm form(IdTokenForm form) {
        return form;
    }
}
