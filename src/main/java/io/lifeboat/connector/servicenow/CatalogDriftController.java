package io.lifeboat.connector.servicenow;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.web.ApiError;
import io.lifeboat.web.ApiRefusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/catalog/drift}: the catalog's dependencies against ServiceNow's CMDB ({@link CatalogDrift}). */
@RestController
@RequestMapping("/api/catalog")
@Tag(name = "Catalog", description = "The service catalog")
public class CatalogDriftController {

    private final CatalogDrift drift;

    public CatalogDriftController(CatalogDrift drift) {
        this.drift = drift;
    }

    @GetMapping("/drift")
    @Operation(summary = "Where the catalog's dependsOn and the CMDB disagree", description = "For each service whose"
            + " catalog entry names a ServiceNow CI: the dependencies the CMDB lacks (missing), those only the CMDB has"
            + " (extra), and CIs that are not there or that no catalog service names (unknown). Reads ServiceNow now;"
            + " changes neither the catalog nor the CMDB.")
    @ApiResponse(responseCode = "200", description = "the comparison",
            content = @Content(schema = @Schema(implementation = CatalogDrift.DriftReport.class)))
    @ApiResponse(responseCode = "409", description = "ServiceNow is not configured",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "502", description = "ServiceNow refused or did not answer (its error named)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CatalogDrift.DriftReport drift() {
        try {
            return drift.compare();
        } catch (RemoteFailure failure) {
            throw new ApiRefusal(HttpStatus.BAD_GATEWAY, "ServiceNow failed", failure.getMessage(), failure);
        }
    }
}
