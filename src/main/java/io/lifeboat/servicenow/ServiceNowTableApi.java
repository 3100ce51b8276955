package io.lifeboat.servicenow;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import feign.Headers;
import feign.Param;
import feign.QueryMap;
import feign.RequestLine;

/**
 * ServiceNow's Table API, version 2 (an empty list is {@code []}, where version 1 answers 404). Every value in a record
 * is a string, references included when {@code sysparm_exclude_reference_link=true}. Errors arrive as
 * {@link io.lifeboat.http.RemoteFailure} from {@link ServiceNowErrors}.
 */
@Headers({"Accept: application/json", "Content-Type: application/json"})
public interface ServiceNowTableApi {

    /** {@code GET /api/now/v2/table/{table}} with {@code sysparm_*} parameters ({@link TableQuery}). */
    @RequestLine("GET /api/now/v2/table/{table}")
    Records list(@Param("table") String table, @QueryMap Map<String, Object> parameters);

    /** {@code GET /api/now/v2/table/{table}/{sys_id}}; a record that does not exist, or an ACL hides, is a 404. */
    @RequestLine("GET /api/now/v2/table/{table}/{sysId}")
    Record get(@Param("table") String table, @Param("sysId") String sysId, @QueryMap Map<String, Object> parameters);

    /** One record per call; 201 with the record as stored. */
    @RequestLine("POST /api/now/v2/table/{table}")
    Record create(@Param("table") String table, @QueryMap Map<String, Object> parameters, ObjectNode fields);

    /** Journal fields ({@code work_notes}, {@code comments}) are written this way too. */
    @RequestLine("PATCH /api/now/v2/table/{table}/{sysId}")
    Record update(@Param("table") String table, @Param("sysId") String sysId, @QueryMap Map<String, Object> parameters,
                  ObjectNode fields);

    /** {@code {"result": [...]}}. */
    record Records(List<ObjectNode> result) {
    }

    /** {@code {"result": {...}}}. */
    record Record(ObjectNode result) {
    }
}
