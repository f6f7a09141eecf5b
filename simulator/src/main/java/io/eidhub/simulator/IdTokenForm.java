package io.eidhub.simulator;

/**
 * How an ID token is produced: unsigned ({@code alg: none}), signed with a key the JWKS does not publish, with a
 * damaged signature, encrypted to the client, or encrypted with {@code dir} under the key derived from
 * {@link Fault#PLACEHOLDER_SECRET}. {@link #of} is the honest form; faults change it ({@link IdTokenFault#form}).
 */
record IdTokenForm(boolean unsigned, boolean rogueKey, boolean tamper, boolean encrypt, boolean dirPlaceholder) {

    /** The honest form: signed with the tenant key; encrypted when the provider encrypts and the client wants it. */
    static IdTokenForm of(Tenant tenant, ClientRegistration client) {
        boolean encrypt = tenant.provider.encryptsIdTokens()
                && !ClientRegistration.ENCRYPTION_NONE.equals(client.idTokenEncryption());
        return new IdTokenForm(false, false, false, encrypt, false);
    }

    IdTokenForm unsignedToken() {
        return new IdTokenForm(true, rogueKey, tamper, encrypt, dirPlaceholder);
    }

    IdTokenForm withRogueKey() {
        return new IdTokenForm(unsigned, true, tamper, encrypt, dirPlaceholder);
    }

    IdTokenForm tampered() {
        return new IdTokenForm(unsigned, rogueKey, true, encrypt, dirPlaceholder);
    }

    IdTokenForm notEncrypted() {
        return new IdTokenForm(unsigned, rogueKey, tamper, false, dirPlaceholder);
    }

    IdTokenForm dirWithPlaceholder() {
        return new IdTokenForm(unsigned, rogueKey, tamper, encrypt, true);
    }
}
