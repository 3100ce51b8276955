package io.lifeboat.security;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.audit.AuditTrail;

/**
 * Two filter chains. Lifeboat's API, the engine REST API and the actuator (but health) take stateless HTTP Basic
 * against Camunda's users; what each group may call there is the {@link AccessPolicy}'s table, and a path the table
 * does not name is refused. On {@code /engine-rest} Camunda's own authorizations decide, and agents are kept to their
 * external tasks ({@link AgentRequestFilter}). Every other path (the Camunda webapps with their own login and CSRF
 * protection, health, the OpenAPI pages) is left to its own rules; a break-glass user's webapp session is still
 * audited ({@link BreakGlassWebappUseFilter}).
 * The alert webhooks ({@code /api/alerts/**} but the inbox view {@code /api/alerts/inbox/**}) are not Basic: their
 * senders' bearer tokens are checked by a chain of their own, ordered before these
 * ({@code io.lifeboat.intake.IntakeSecurityConfiguration}).
 */
@Configuration
public class SecurityConfiguration {

    private static final String API = "/api/**";
    private static final String ACTUATOR = "/actuator/**";
    private static final String HEALTH = "/actuator/health/**";

    @Bean
    CamundaIdentityAuthenticationProvider camundaIdentityAuthenticationProvider(IdentityService identityService) {
        return new CamundaIdentityAuthenticationProvider(identityService);
    }

    @Bean
    @Order(1)
    SecurityFilterChain basicAuthenticatedApis(HttpSecurity http, AccessPolicy policy, IdentityService identityService,
                                               ExternalTaskService externalTasks, ObjectMapper objectMapper,
                                               BreakGlassRepository breakGlassGrants, AuditTrail auditTrail,
                                               ScrapeToken scrapeToken) throws Exception {
        JsonSecurityErrors errors = new JsonSecurityErrors(objectMapper);
        return http
                // path patterns on the whole path: /engine-rest is Jersey's servlet, not Spring MVC's, so the default
                // servlet-relative matching would never see it
                .securityMatcher(new OrRequestMatcher(path(API), path(EngineRestAuthenticationFilter.ENGINE_REST + "/**"),
                        new AndRequestMatcher(path(ACTUATOR), new NegatedRequestMatcher(path(HEALTH)))))
                .authorizeHttpRequests(requests -> {
                    policy.apiRules().forEach(rule -> requests
                            .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(rule.method(), rule.pattern()))
                            .hasAnyAuthority(rule.groups().toArray(String[]::new)));
                    requests.requestMatchers(path(EngineRestAuthenticationFilter.ENGINE_REST + "/**")).authenticated();
                    // an operation the table does not name is nobody's
                    requests.anyRequest().denyAll();
                })
                .httpBasic(basic -> basic.realmName(JsonSecurityErrors.REALM).authenticationEntryPoint(errors))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no cookies, no session: a forged cross-site request carries no Basic credentials
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // none is a bean, so Spring Boot does not also register them as servlet filters for every path; filters
                // after the same one run in the order added: the agent check before the engine sees the user
                .addFilterAfter(new ScrapeTokenFilter(scrapeToken), BasicAuthenticationFilter.class)
                .addFilterAfter(new AgentRequestFilter(policy.agentTopics(), externalTasks, objectMapper, errors),
                        AuthorizationFilter.class)
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

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }
}
