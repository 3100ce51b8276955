package io.lifeboat.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.secret.SecretReference;

/**
 * The senders' tokens and PagerDuty's signing secrets, held as references checked at start-up (a bad reference stops
 * it, naming the property) and read at each request, so a rotated secret file takes effect without a restart.
 */
@Component
public class SenderSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(SenderSecrets.class);
    private static final String PREFIX = "lifeboat.intake.senders.";

    private final Map<Sender, SecretReference> tokens = new EnumMap<>(Sender.class);
    private final List<SecretReference> signingSecrets = new ArrayList<>();

    public SenderSecrets(IntakeProperties properties, Catalog catalog) {
        properties.senders().forEach((name, settings) -> {
            Sender sender = Arrays.stream(Sender.values()).filter(s -> s.value().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(PREFIX + name + ": unknown sender; known senders: "
                            + Arrays.stream(Sender.values()).map(Sender::value).collect(Collectors.joining(", "))));
            if (settings.tokenRef() != null) {
                tokens.put(sender, parse(settings.tokenRef(), PREFIX + name + ".token-ref", catalog));
            }
            List<String> secretRefs = settings.signingSecretRefs();
            for (int i = 0; i < secretRefs.size(); i++) {
                if (sender != Sender.PAGERDUTY) {
                    throw new IllegalStateException(PREFIX + name + ".signing-secret-refs: only pagerduty signs its webhooks");
                }
                signingSecrets.add(parse(secretRefs.get(i), PREFIX + name + ".signing-secret-refs[" + i + "]", catalog));
            }
        });
        for (Sender sender : Sender.values()) {
            if (!tokens.containsKey(sender)) {
                LOG.warn("No token configured for alert sender {} ({}{}.token-ref): {} refuses every request",
                        sender.value(), PREFIX, sender.value(), sender.path());
            }
        }
        if (signingSecrets.isEmpty()) {
            LOG.warn("No PagerDuty signing secret configured ({}pagerduty.signing-secret-refs): {} refuses every request",
                    PREFIX, Sender.PAGERDUTY.path());
        }
    }

    private static SecretReference parse(String reference, String property, Catalog catalog) {
        return SecretReference.ofSetting(reference, property, catalog.runbooksDir());
    }

    /**
     * Whether {@code presented} is the sender's token, compared in constant time.
     *
     * @return empty when the sender has no token configured
     * @throws IOException when the configured secret cannot be read
     */
    Optional<Boolean> tokenMatches(Sender sender, String presented) throws IOException {
        SecretReference reference = tokens.get(sender);
        if (reference == null) {
            return Optional.empty();
        }
        return Optional.of(MessageDigest.isEqual(bytes(reference), presented.getBytes(StandardCharsets.UTF_8)));
    }

    /** The PagerDuty signing secrets' values, read now. */
    List<byte[]> pagerDutySigningSecrets() throws IOException {
        List<byte[]> values = new ArrayList<>();
        for (SecretReference reference : signingSecrets) {
            values.add(bytes(reference));
        }
        return values;
    }

    /** A secret file usually ends in a newline that is not part of the secret. */
    private static byte[] bytes(SecretReference reference) throws IOException {
        return reference.value().strip().getBytes(StandardCharsets.UTF_8);
    }
}
