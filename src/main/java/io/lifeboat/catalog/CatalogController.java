package io.lifeboat.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;


@RestController
@RequestMapping("/api/services")
public class CatalogController {

    private final Catalog catalog;
    private final Optional<DrillStates> drills;

    /** @param drills what restore drills proved, where they are recorded; absent, views show no drill state */
    public CatalogController(Catalog catalog, Optional<DrillStates> drills) {
        this.catalog = catalog;
        this.drills = drills;
    }

    /** Every service of the catalog, ordered by id. */
    @GetMapping
    @ApiResponse(responseCode = "200", description = "every service",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ServiceView.class))))
    public List<ServiceView> services() {
        return catalog.services().stream().map(this::view).toList();
    }

    /** @throws UnknownServiceException for an id not in the catalog (404) */
    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "the service",
            content = @Content(schema = @Schema(implementation = ServiceView.class)))
    public ServiceView service(@PathVariable String id) {
        return view(catalog.require(id));
    }

    private ServiceView view(ServiceDefinition service) {
        return ServiceView.of(service, catalog.usedBy(service.id()), drills.map(states -> states.of(service)).orElse(null));
    }
}
