package io.lifeboat.connector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Every {@link Delivery} bean, by connector and operation. Two for the same pair stop start-up, naming both. */
@Component
public class Deliveries {

    private final Map<String, Delivery> byOperation = new HashMap<>();

    public Deliveries(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            Delivery earlier = byOperation.put(id(delivery.connector(), delivery.operation()), delivery);
            if (earlier != null) {
                throw new IllegalStateException("two deliveries for " + id(delivery.connector(), delivery.operation()) + ": "
                        + earlier.getClass().getName() + " and " + delivery.getClass().getName());
            }
        }
    }

    public Optional<Delivery> of(String connector, String operation) {
        return Optional.ofNullable(byOperation.get(id(connector, operation)));
    }

    private static String id(String connector, String operation) {
        return connector + " " + operation;
    }
}
