package io.eidhub.keycloak.broker;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.List;

/**
 * Gives a newly created eID broker its default mappers.
 * <p>
 * Keycloak publishes no event when an identity provider is created, but it validates every new configuration
 * ({@link EidIdentityProviderConfig#validate}) in the transaction that stores it. Validation of a configuration
 * without an internal id (a create, not an update) schedules this installer as a prepare step of that transaction:
 * it runs after the broker is stored and before the commit, and adds the defaults only when the broker has no
 * mapper at all — a realm import that brings its own mappers keeps exactly those. A broker created with
 * {@code defaultMappers=false} ({@link EidIdentityProviderConfig#DEFAULT_MAPPERS}) never schedules it.
 */
final class DefaultMapperInstaller extends AbstractKeycloakTransaction {

    private static final Logger logger = Logger.getLogger(DefaultMapperInstaller.class);

    private final KeycloakSession session;
    private final String alias;
    private final List<IdentityProviderMapperModel> defaults;

    private DefaultMapperInstaller(KeycloakSession session, String alias, List<IdentityProviderMapperModel> defaults) {
        this.session = session;
        this.alias = alias;
        this.defaults = defaults;
    }

    static void scheduleFor(EidIdentityProviderConfig config) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        String alias = config.getAlias();
        if (session == null || alias == null) {
            return;
        }
        session.getTransactionManager().enlistPrepare(new DefaultMapperInstaller(session, alias, config.defaultMappers()));
    }

    @Override
    protected void commitImpl() {
        IdentityProviderStorageProvider storage = session.identityProviders();
        if (storage.getByAlias(alias) == null || storage.getMappersByAliasStream(alias).findAny().isPresent()) {
            return;
        }
        for (IdentityProviderMapperModel mapper : defaults) {
            mapper.setIdentityProviderAlias(alias);
            storage.createMapper(mapper);
        }
        logger.debugf("Added %d default mappers to identity provider %s", defaults.size(), alias);
    }

    @Override
    protected void rollbackImpl() {
        // nothing was written outside the transaction
    }
}
