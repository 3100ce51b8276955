package io.lifeboat.security;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.audit.AuditTrail;

/**
 * Two filter chains. Lifeboat's API and the engine REST API take stateless HTTP Basic against Camunda's users; every
 * other path (the Camunda webapps with their own login and CSRF protection, health and metrics, the OpenAPI pages) is
 * left to its own rules; a break-glass user's webapp session is still audited ({@link BreakGlassWebappUseFilter}).
 * {@code @PreAuthorize} on controllers restricts methods to groups, see {@link Roles}.
 * The alert webhooks ({@code /api/alerts/**} but the inbox view {@code /api/alerts/inbox/**}) are not Basic: their
 * senders' bearer tokens are checked by a chain of their own, ordered before these
 * ({@code io.lifeboat.intake.IntakeSecurityConfiguration}).
 */
@Configuration
@EnableMethodSecurity
public class SecurityConfiguration {

    @Bean
    CamundaIdentityAuthenticationProvider camundaIdentityAuthenticationProvider(IdentityService identityService) {
        return new CamundaIdentityAuthenticationProvider(identityService);
    }

    @Bean
    @Order(1)
    SecurityFilterChain basicAuthenticatedApis(HttpSecurity http, IdentityService identityService,
                                               ObjectMapper objectMapper, BreakGlassRepository breakGlassGrants,
                                               AuditTrail auditTrail) throws Exception {
        JsonSecurityErrors errors = new JsonSecurityErrors(objectMapper);
        return http
                // path patterns on the whole path: /engine-rest is Jersey's servlet, not Spring MVC's, so the default
                // servlet-relative matching would never see it
                .securityMatcher(new OrRequestMatcher(
                        PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                        PathPatternRequestMatcher.withDefaults().matcher(EngineRestAuthenticationFilter.ENGINE_REST + "/**")))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(JsonSecurityErrors.REALM).authenticationEntryPoint(errors))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no cookies, no session: a forged cross-site request carries no Basic credentials
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // not a bean, so Spring Boot does not also register it as a servlet filter for every path
                .addFilterAfter(new EngineRestAuthenticationFilter(identityService), AuthorizationFilter.class)
                .addFilterAfter(new BreakGlassUseFilter(breakGlassGrants, auditTrail), AuthorizationFilter.class)
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, BreakGlassRepository breakGlassGrants, AuditTrail auditTrail)
            throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // the Camunda webapps run their own CSRF protection; a second token check would break their forms
                .csrf(AbstractHttpConfigurer::disable)
                .addFilterAfter(new BreakGlassWebappUseFilter(breakGlassGrants, auditTrail), AuthorizationFilter.class)
                .build();
    }
}
