package io.eidhub.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the shared Keycloak of this JVM (see {@link KeycloakExtension}): inject
 * {@link KeycloakServer}, {@link org.keycloak.admin.client.Keycloak}, {@link TestRealm} or {@link Browser}
 * as parameters, or call {@link KeycloakServer#shared()}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KeycloakExtension.class)
public @interface WithKeycloak {
}
