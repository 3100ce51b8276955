package io.lifeboat.intake;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The alert webhooks' own filter chain, ahead of the HTTP Basic chain of the rest of {@code /api}: senders are
 * machines with a bearer token each, not Lifeboat users. The inbox's own view ({@link AlertInboxController}) is for
 * users and stays with that Basic chain.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeSecurityConfiguration {

    private static final String ALERTS_PATHS = "/api/alerts/**";

    @Bean
    @Order(0)
    SecurityFilterChain alertSenders(HttpSecurity http, SenderSecrets secrets, ObjectMapper json) throws Exception {
        return http
                .securityMatcher(new AndRequestMatcher(
                        PathPatternRequestMatcher.withDefaults().matcher(ALERTS_PATHS),
                        new NegatedRequestMatcher(PathPatternRequestMatcher.withDefaults()
                                .matcher(AlertInboxController.PATH + "/**"))))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority(SenderTokenFilter.AUTHORITY))
                // not a bean, so Spring Boot does not also register it as a servlet filter for every path
                .addFilterBefore(new SenderTokenFilter(secrets, json), AuthorizationFilter.class)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no cookies, no session: a forged cross-site request carries no bearer token
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }
}
