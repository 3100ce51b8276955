package io.lifeboat.connector.servicenow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.connector.servicenow.ServiceNowCmdb.Ci;

/**
 * Where the catalog's {@code dependsOn} and the CMDB's "Depends on::Used by" relationships disagree, for each service
 * whose catalog entry names a CI. A related CI is a service's when some catalog entry names it (by sys_id or name).
 * Only reads: neither the catalog nor the CMDB is changed.
 */
@Component
public class CatalogDrift {

    private final Catalog catalog;
    private final ServiceNowCmdb cmdb;

    public CatalogDrift(Catalog catalog, ServiceNowCmdb cmdb) {
        this.catalog = catalog;
        this.cmdb = cmdb;
    }

    /**
     * @param services       each service with a CI, by id
     * @param servicesWithoutCi the ids of services whose catalog entry names no CI, which are not compared
     */
    public record DriftReport(List<ServiceDrift> services, List<String> servicesWithoutCi) {
    }

    /**
     * One service's drift.
     *
     * @param ci      as the catalog names it
     * @param ciSysId the CI's sys_id; null when there is no such CI
     * @param missing services the catalog says it depends on and the CMDB does not
     * @param extra   services the CMDB says it depends on and the catalog does not
     * @param unknown its own CI when it does not exist, and the CIs it depends on that no catalog service names
     */
    public record ServiceDrift(String service, String ci, String ciSysId, boolean inSync, List<String> missing,
                               List<String> extra, List<UnknownCi> unknown) {
    }

    /** A CI the comparison could not place, and why. */
    public record UnknownCi(String ci, String reason) {
    }

    /** @throws ServiceNowNotConfigured when ServiceNow is not; a failing call is its {@code RemoteFailure} */
    public DriftReport compare() {
        Map<String, Optional<Ci>> cis = new LinkedHashMap<>();
        List<String> withoutCi = new ArrayList<>();
        for (ServiceDefinition service : catalog.services()) {
            if (service.serviceNow() == null || service.serviceNow().ci() == null) {
                withoutCi.add(service.id());
            } else {
                cis.put(service.id(), cmdb.find(service.serviceNow().ci()));
            }
        }
        Map<String, String> serviceOfCi = new LinkedHashMap<>();
        cis.forEach((service, ci) -> ci.ifPresent(found -> serviceOfCi.put(found.sysId(), service)));
        List<ServiceDrift> drifts = new ArrayList<>();
        cis.forEach((service, ci) -> drifts.add(drift(catalog.require(service), ci, serviceOfCi)));
        return new DriftReport(List.copyOf(drifts), List.copyOf(withoutCi));
    }

    private ServiceDrift drift(ServiceDefinition service, Optional<Ci> ci, Map<String, String> serviceOfCi) {
        String named = service.serviceNow().ci();
        if (ci.isEmpty()) {
            return new ServiceDrift(service.id(), named, null, false, service.dependsOn(), List.of(),
                    List.of(new UnknownCi(named, "no CI with this sys_id or name in cmdb_ci")));
        }
        List<String> related = new ArrayList<>();
        List<UnknownCi> unknown = new ArrayList<>();
        for (Ci dependency : cmdb.dependsOn(ci.get())) {
            String dependencyService = serviceOfCi.get(dependency.sysId());
            if (dependencyService == null) {
                unknown.add(new UnknownCi(dependency.name(), "the CMDB says " + named + " depends on it (sys_id "
                        + dependency.sysId() + "), but no catalog service names this CI"));
            } else {
                related.add(dependencyService);
            }
        }
        List<String> missing = service.dependsOn().stream().filter(dependency -> !related.contains(dependency)).toList();
        List<String> extra = related.stream().filter(dependency -> !service.dependsOn().contains(dependency))
                .distinct().sorted().toList();
        return new ServiceDrift(service.id(), named, ci.get().sysId(), missing.isEmpty() && extra.isEmpty() && unknown.isEmpty(),
                missing, extra, List.copyOf(unknown));
    }
}
