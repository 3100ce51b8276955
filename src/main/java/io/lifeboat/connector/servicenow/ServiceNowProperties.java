package io.lifeboat.connector.servicenow;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ServiceNow connector ({@code lifeboat.connectors.servicenow.*}). Without {@code url} ServiceNow is not configured
 * (the demo): nothing is sent and the other settings are not checked. Secrets are references ({@code ${env:NAME}} or
 * {@code ${file:/path}}, escaped in Spring configuration as {@code \${...}}), checked at start-up by {@link ServiceNow}.
 *
 * @param url                    the instance, e.g. {@code https://acme.service-now.com}
 * @param user                   the integration user: basic authentication with {@code passwordRef}, or OAuth's password
 *                               grant when client id and secret are given too
 * @param clientIdRef            OAuth: with {@code clientSecretRef}; without a password, the client-credentials grant
 * @param reopenWithin           an alert for an incident resolved no longer ago than this reopens it; later, a new one
 * @param closeCode              the {@code close_code} choice value of a resolved incident; instance-specific
 *                               ({@code sys_choice} name=incident^element=close_code)
 * @param caller                 the {@code caller_id} of incidents: a sys_user sys_id or user name; absent, none
 * @param customerVisibleUpdates status updates go to {@code comments} (the caller sees them) instead of {@code work_notes}
 */
@ConfigurationProperties(ServiceNowProperties.PREFIX)
public record ServiceNowProperties(
        URI url,
        String user,
        String passwordRef,
        String clientIdRef,
        String clientSecretRef,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout,
        @DefaultValue("P3D") Duration reopenWithin,
        @DefaultValue("Solved (Permanently)") String closeCode,
        String caller,
        @DefaultValue("false") boolean customerVisibleUpdates,
        @DefaultValue Cmdb cmdb) {

    static final String PREFIX = "lifeboat.connectors.servicenow";

    public ServiceNowProperties {
        if (url != null) {
            if ((clientIdRef == null) != (clientSecretRef == null)) {
                throw new IllegalArgumentException(PREFIX + ": OAuth needs both client-id-ref and client-secret-ref");
            }
            if (clientIdRef == null && (user == null || passwordRef == null)) {
                throw new IllegalArgumentException(PREFIX + ": give user and password-ref (basic authentication) or"
                        + " client-id-ref and client-secret-ref (OAuth)");
            }
            if (passwordRef != null && user == null) {
                throw new IllegalArgumentException(PREFIX + ".password-ref is the password of user, which is missing");
            }
            if (closeCode == null || closeCode.isBlank()) {
                throw new IllegalArgumentException(PREFIX + ".close-code must name the close_code of resolved incidents");
            }
            if (reopenWithin.isNegative()) {
                throw new IllegalArgumentException(PREFIX + ".reopen-within must not be negative, not " + reopenWithin);
            }
        }
    }

    public boolean configured() {
        return url != null;
    }

    /**
     * Writing drill results back to each service's CI (off by default: it changes CIs).
     *
     * @param writeBack      true to PATCH the CI of a drilled service with the fields below
     * @param drillDateField the CI field that gets when the last drill finished (a date-time field, UTC)
     * @param verdictField   the CI field that gets its verdict ({@code passed}, {@code failed}, {@code inconclusive})
     * @param rtoField       the CI field that gets its measured RTO in whole seconds (an integer field)
     */
    public record Cmdb(@DefaultValue("false") boolean writeBack, String drillDateField, String verdictField,
                       String rtoField) {

        public Cmdb {
            if (writeBack && (blank(drillDateField) || blank(verdictField) || blank(rtoField))) {
                throw new IllegalArgumentException(PREFIX + ".cmdb.write-back needs drill-date-field, verdict-field and"
                        + " rto-field: the CI fields that get the last drill's date, verdict and RTO");
            }
        }

        private static boolean blank(String field) {
            return field == null || field.isBlank();
        }
    }
}
