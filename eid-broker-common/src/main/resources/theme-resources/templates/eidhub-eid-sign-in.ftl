<#--
  eID hub: the sign-in page of the "eID-only sign-in page" step (io.eidhub.keycloak.authenticator.EidOnlySignIn).
  The realm's identity-provider buttons, rendered by the login theme's own social-providers.ftl (the eidhub theme's
  branded buttons, or any other theme's), and no username, password or other credential field.
-->
<#import "template.ftl" as layout>
<#import "social-providers.ftl" as identityProviders>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("loginAccountTitle")}
    <#elseif section = "form">
        <#if !(social.providers?? && social.providers?has_content)>
            <p id="eidhub-no-identity-provider">${msg("eidhubNoIdentityProvider")}</p>
        </#if>
    <#elseif section = "socialProviders">
        <#if social.providers?? && social.providers?has_content>
            <@identityProviders.show social=social/>
        </#if>
    </#if>
</@layout.registrationLayout>
