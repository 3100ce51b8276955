package io.lifeboat.intake;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The test stand-in for the incident package's handler: remembers every call, fails on demand per fingerprint. */
class RecordingAlertHandler implements AlertHandler {

    record Call(long alertId, Alert alert) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public void handle(long alertId, Alert alert) {
        if (failing.contains(alert.fingerprint())) {
            throw new IllegalStateException("handler refuses " + alert.fingerprint());
        }
        calls.add(new Call(alertId, alert));
    }

    void failFor(String fingerprint) {
        failing.add(fingerprint);
    }

    void heal() {
        failing.clear();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Long> ids() {
        return calls.stream().map(Call::alertId).toList();
    }
}
