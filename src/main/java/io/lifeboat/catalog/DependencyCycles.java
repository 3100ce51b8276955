package io.lifeboat.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Finds the cycles of the dependsOn graph; dependencies on unknown services are ignored (reported elsewhere). */
final class DependencyCycles {

    private final Map<String, List<String>> dependsOn;
    private final Set<String> done = new HashSet<>();
    private final List<String> path = new ArrayList<>();
    private final Set<List<String>> cycles = new LinkedHashSet<>();

    private DependencyCycles(Map<String, List<String>> dependsOn) {
        this.dependsOn = new TreeMap<>(dependsOn);
    }

    /**
     * @return each cycle once, starting and ending with its alphabetically first service,
     *         e.g. {@code [chat-log, ticket-db, chat-log]}
     */
    static List<List<String>> in(Map<String, List<String>> dependsOn) {
        DependencyCycles search = new DependencyCycles(dependsOn);
        search.dependsOn.keySet().forEach(search::visit);
        return List.copyOf(search.cycles);
    }

    private void visit(String service) {
        int onPath = path.indexOf(service);
        if (onPath >= 0) {
            cycles.add(canonical(path.subList(onPath, path.size())));
            return;
        }
        if (done.contains(service) || !dependsOn.containsKey(service)) {
            return;
        }
        path.add(service);
        dependsOn.get(service).forEach(this::visit);
        path.remove(path.size() - 1);
        done.add(service);
    }

    private static List<String> canonical(List<String> cycle) {
        List<String> rotated = new ArrayList<>(cycle);
        Collections.rotate(rotated, -rotated.indexOf(Collections.min(rotated)));
        rotated.add(rotated.get(0));
        return List.copyOf(rotated);
    }
}
