package io.eidhub.keycloak.broker;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.Urls;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

import static org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider.OAUTH2_GRANT_TYPE_AUTHORIZATION_CODE;
import static org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider.OAUTH2_PARAMETER_CODE;
import static org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider.OAUTH2_PARAMETER_GRANT_TYPE;
import static org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider.OAUTH2_PARAMETER_REDIRECT_URI;
import static org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider.OAUTH2_PARAMETER_STATE;

/**
 * The redirect endpoint: the stock GET flow plus an optional {@code form_post} POST, provider errors turned
 * into translated messages and events, and the PKCE verifier read from the verified authentication session
 * (Keycloak's own lookup reads {@code state} from the query string, which a POST does not have). Every refusal
 * (missing or unknown {@code state}, missing code, token endpoint error, invalid tokens) gets an error event with a
 * {@code reason}; unlike the stock endpoint it never logs the redirect URL (which carries the code) nor the token
 * endpoint's answer. The only place that records a {@link Refusal} on the login's event.
 *
 * <p>Internal: public only because Quarkus REST's generated code invokes its resource methods from another package.
 */
public final class EidCallbackEndpoint extends EidIdentityProvider.KeycloakEndpoint {

    private static final Logger logger = EidIdentityProvider.logger;

    private final EidIdentityProvider<?> provider;

    EidCallbackEndpoint(AuthenticationCallback callback, RealmModel realm, EventBuilder event, EidIdentityProvider<?> provider) {
        super(callback, realm, event, provider);
        this.provider = provider;
    }

    @GET
    @Override
    public Response authResponse(@QueryParam(OAUTH2_PARAMETER_STATE) String state,
                                 @QueryParam(OAUTH2_PARAMETER_CODE) String authorizationCode,
                                 @QueryParam(OAuth2Constants.ERROR) String error,
                                 @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
        if (state == null) {
            // an answer that names no login of this browser cannot be trusted, whatever it says
            if (error != null) {
                String code = SafeProviderText.errorCode(error);
                event.detail("provider_error", code);
                // a provider that could not read the request object cannot know the state it carried
                provider.providerErrorReceived(code);
            }
            return refused(Response.Status.BAD_REQUEST, "state_missing", EidMessages.INVALID_RESPONSE);
        }
        if (error != null) {
            return providerError(state, error, errorDescription);
        }
        try {
            AuthenticationSessionModel authSession = verifiedAuthenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);
            if (authorizationCode == null) {
                return refused(Response.Status.BAD_REQUEST, "code_missing", EidMessages.INVALID_RESPONSE);
            }
            String response = exchangeCode(authorizationCode);
            BrokeredIdentityContext federatedIdentity = provider.identityFrom(response, event);
            if (Boolean.TRUE.equals(provider.getConfig().isStoreToken()) && federatedIdentity.getToken() == null) {
                federatedIdentity.setToken(response);
            }
            federatedIdentity.setIdp(provider);
            federatedIdentity.setAuthenticationSession(authSession);
            return callback.authenticated(federatedIdentity);
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (IdentityBrokerException e) {
            if (e instanceof Refusal refusal) {
                refusal.recordOn(event, alias());
            }
            if (e.getMessageCode() != null) {
                return failed(Response.Status.BAD_GATEWAY, e.getMessageCode());
            }
            logUnexpected(e);
            return refused(Response.Status.BAD_GATEWAY, "broker_error", Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR);
        } catch (RuntimeException e) {
            logUnexpected(e);
            return refused(Response.Status.INTERNAL_SERVER_ERROR, "broker_error", Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response formPostResponse(MultivaluedMap<String, String> form) {
        if (!provider.acceptsFormPost()) {
            event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.REASON, "form_post_not_enabled");
            event.error(Errors.INVALID_REQUEST);
            return ErrorPage.error(session, null, Response.Status.METHOD_NOT_ALLOWED, EidMessages.INVALID_RESPONSE);
        }
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.fromForm(form);
        } catch (IllegalArgumentException e) {
            event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.REASON, "form_post_invalid");
            event.error(Errors.INVALID_REQUEST);
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, EidMessages.INVALID_RESPONSE);
        }
        return authResponse(response.state(), response.code(), response.error(), response.errorDescription());
    }

    /**
     * The authentication session {@code state} names. A state that names no live login of this browser (unknown,
     * tampered with, replayed after the login ended or in another browser) ends on an error page (400) with an
     * error event carrying {@code reason=state_invalid}: Keycloak's own error page when Keycloak chose one (e.g.
     * its "cookie not found"), ours where Keycloak would show its "page has expired" page or send the browser back
     * to the application; Keycloak's event when it recorded one, ours otherwise.
     */
    private AuthenticationSessionModel verifiedAuthenticationSession(String state) {
        String alias = alias();
        event.detail(Details.REASON, "state_invalid").detail(Details.IDENTITY_PROVIDER, alias);
        AuthenticationSessionModel authSession;
        try {
            authSession = callback.getAndVerifyAuthenticationSession(state);
        } catch (WebApplicationException e) {
            boolean recorded = event.getEvent().getError() != null;
            Response answer = e.getResponse();
            if (answer != null && answer.getStatus() >= 400) {
                if (!recorded) {
                    event.event(EventType.IDENTITY_PROVIDER_LOGIN).error(Errors.INVALID_CODE);
                }
                logger.debugf("Refused login through identity provider %s: state_invalid", alias);
                throw e;
            }
            if (recorded) {
                logger.debugf("Refused login through identity provider %s: state_invalid", alias);
                throw new WebApplicationException(ErrorPage.error(session, null, Response.Status.BAD_REQUEST, EidMessages.INVALID_RESPONSE));
            }
            throw new WebApplicationException(refused(Response.Status.BAD_REQUEST, "state_invalid", EidMessages.INVALID_RESPONSE));
        } catch (RuntimeException e) {
            // a state Keycloak cannot even decode
            throw new WebApplicationException(refused(Response.Status.BAD_REQUEST, "state_invalid", EidMessages.INVALID_RESPONSE));
        }
        event.removeDetail(Details.REASON);
        return authSession;
    }

    /**
     * Exchanges the code; the answer of a token endpoint that refuses (a replayed or expired code, ...) is named by
     * its error code in the event, and neither its body nor the code is logged.
     *
     * <p>Upstream limits are Keycloak's HTTP client's ({@code connections-http-client} SPI, server wide): an answer
     * slower than {@code socket-timeout-millis} (5 s by default) is {@code token_endpoint_timeout}; a connection
     * that cannot be made is {@code token_endpoint_unreachable}; a body larger than
     * {@code max-consumed-response-size} (10 MB by default; Keycloak stops reading there) or cut off is
     * {@code token_response_unreadable}; a successful answer not labelled {@code application/json} (RFC 6749
     * section 5.1) is {@code token_response_not_json}.
     */
    private String exchangeCode(String authorizationCode) {
        SimpleHttpRequest request = generateTokenRequest(authorizationCode);
        UpstreamMetrics.Call call = UpstreamMetrics.server().start(alias(), UpstreamMetrics.Endpoint.TOKEN);
        SimpleHttpResponse response;
        try {
            response = request.asResponse();
        } catch (IOException e) {
            call.failed(e);
            throw unavailable(e);
        }
        try (response) {
            int status;
            String body;
            try {
                status = response.getStatus();
                body = response.asString();
                call.answered(status);
            } catch (SocketTimeoutException e) {
                call.failed(e);
                throw unavailable(e);
            } catch (IOException e) {
                call.failed(e);
                throw provider.refuse("token_response_unreadable", "The token response could not be read (too large or cut off)",
                        EidMessages.INVALID_RESPONSE);
            }
            if (status < 200 || status >= 400) {
                throw provider.refuse("token_error:" + SafeProviderText.tokenErrorCode(body), "The token endpoint answered HTTP " + status,
                        EidMessages.PROVIDER_ERROR);
            }
            if (!UpstreamAnswerForm.isJson(response.getFirstHeader("Content-Type"))) {
                throw provider.refuse("token_response_not_json", "The token response is not labelled application/json",
                        EidMessages.INVALID_RESPONSE);
            }
            return body;
        } catch (IOException e) {
            // closing the response: the answer was already read
            throw provider.refuse("token_response_unreadable", "The token response could not be read", EidMessages.INVALID_RESPONSE);
        }
    }

    private IdentityBrokerException unavailable(IOException e) {
        if (e instanceof InterruptedIOException) { // a read timeout, or a connect timeout (Apache's ConnectTimeoutException)
            return provider.refuse("token_endpoint_timeout", "The token endpoint did not answer in time", EidMessages.PROVIDER_UNAVAILABLE);
        }
        return provider.refuse("token_endpoint_unreachable", "The token endpoint could not be reached", EidMessages.PROVIDER_UNAVAILABLE);
    }

    /** Ends the login on Keycloak's error page showing {@code message}, recording {@code reason} on the error event. */
    private Response refused(Response.Status status, String reason, String message) {
        String alias = alias();
        event.detail(Details.REASON, reason).detail(Details.IDENTITY_PROVIDER, alias);
        logger.debugf("Refused login through identity provider %s: %s", alias, reason);
        return failed(status, message);
    }

    private Response failed(Response.Status status, String message) {
        event.event(EventType.IDENTITY_PROVIDER_LOGIN);
        event.error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return ErrorPage.error(session, null, status, message);
    }

    /** Only the exception's type and where it was thrown: messages may quote what the provider sent. */
    private void logUnexpected(Exception e) {
        StackTraceElement[] trace = e.getStackTrace();
        logger.errorf("Login through identity provider %s failed unexpectedly: %s at %s", alias(), e.getClass().getName(),
                trace.length > 0 ? trace[0] : "?");
    }

    private Response providerError(String state, String error, String errorDescription) {
        // throws (and answers the browser) when the state does not belong to a live login of this browser
        AuthenticationSessionModel authSession = verifiedAuthenticationSession(state);
        session.getContext().setAuthenticationSession(authSession);
        String code = SafeProviderText.errorCode(error);
        provider.providerErrorReceived(code);
        ProviderErrorAnswer answer = ProviderErrorAnswer.of(code, errorDescription);
        logger.debugf("Identity provider %s answered error %s", alias(), code);
        if (answer.kind() == ProviderErrorAnswer.Kind.RETRY) {
            // Keycloak records the retry (event detail login_retry)
            return callback.retryLogin(provider, authSession);
        }
        event.event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Details.IDENTITY_PROVIDER, alias())
                .detail(Details.REASON, "provider_error:" + code)
                .error(answer.kind() == ProviderErrorAnswer.Kind.ERROR_PAGE || answer.kind() == ProviderErrorAnswer.Kind.UNAVAILABLE
                        ? Errors.IDENTITY_PROVIDER_LOGIN_FAILURE : Errors.IDENTITY_PROVIDER_ERROR);
        return switch (answer.kind()) {
            case CANCELLED -> callback.error(provider.getConfig(), EidMessages.CANCELLED);
            // Keycloak sends login_required / interaction_required on to the application's redirect URI
            case TO_APPLICATION -> callback.error(provider.getConfig(), answer.code());
            case UNAVAILABLE -> callback.error(provider.getConfig(), EidMessages.PROVIDER_UNAVAILABLE);
            case RETRY, ERROR_PAGE -> callback.error(provider.getConfig(), EidMessages.PROVIDER_ERROR);
        };
    }

    @Override
    public SimpleHttpRequest generateTokenRequest(String authorizationCode) {
        provider.metadata();
        KeycloakContext context = session.getContext();
        SimpleHttpRequest tokenRequest = SimpleHttp.create(session).doPost(provider.getConfig().getTokenUrl())
                .param(OAUTH2_PARAMETER_CODE, authorizationCode)
                .param(OAUTH2_PARAMETER_REDIRECT_URI, Urls.identityProviderAuthnResponse(context.getUri().getBaseUri(),
                        alias(), context.getRealm().getName()).toString())
                .param(OAUTH2_PARAMETER_GRANT_TYPE, OAUTH2_GRANT_TYPE_AUTHORIZATION_CODE);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (provider.getConfig().isPkceEnabled() && authSession != null) {
            String verifier = authSession.getClientNote(KeycloakNotes.BROKER_CODE_VERIFIER);
            if (verifier != null) {
                tokenRequest.param(OAuth2Constants.CODE_VERIFIER, verifier);
            }
        }
        return provider.authenticatedTokenRequest(tokenRequest);
    }

    private String alias() {
        return provider.getConfig().getAlias();
    }
}
