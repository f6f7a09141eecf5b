package io.eidhub.keycloak.broker;

/**
 * The level of authentication an application asked Keycloak for, as Keycloak's authorization endpoint recorded it in
 * the authentication session's client notes: {@code requested-level-of-authentication} (a number, already translated
 * from {@code acr_values}, the {@code claims} parameter or the client's default ACR values through the realm's ACR to
 * LoA mapping; the lowest when several were asked) and {@code force-level-of-authentication} ({@code true} when the
 * {@code acr} claim was requested as essential).
 *
 * @param level the requested level, or -1 when none was requested
 * @param forced whether the application must not get a lower level
 */
record LoaRequest(int level, boolean forced) {

    public static final LoaRequest NONE = new LoaRequest(-1, false);

    /** Reads the two client notes; a missing or unreadable level counts as no request. */
    public static LoaRequest of(String levelNote, String forcedNote) {
        int level;
        try {
            level = levelNote == null ? -1 : Integer.parseInt(levelNote.trim());
        } catch (NumberFormatException e) {
            level = -1;
        }
        return new LoaRequest(level, level >= 0 && Boolean.parseBoolean(forcedNote));
    }

    /** True when the application asked for some level. */
    public boolean present() {
        return level > 0;
    }

    /** True when a login at {@code achievedLevel} must be answered with {@code unmet_authentication_requirements}. */
    public boolean unmetBy(int achievedLevel) {
        return forced && achievedLevel < level;
    }
}
