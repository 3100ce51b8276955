package io.lifeboat.connector.servicenow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.ServiceNowErrors;
import io.lifeboat.servicenow.TableQuery;

/**
 * Change requests through the Table API (integrations.md §3.3): created once per key (looked up by
 * {@code correlation_id} first, whatever their state), read with their state and approval, and the approvals still
 * pending. The change gate of the next issue builds on {@link ChangeStatus#mayImplement()}.
 */
@Component
public class ServiceNowChanges {

    private static final List<String> FIELDS = List.of("sys_id", "number", "state", "approval", "type", "correlation_id");

    private final ServiceNow serviceNow;
    private final ServiceNowCmdb cmdb;

    public ServiceNowChanges(ServiceNow serviceNow, ServiceNowCmdb cmdb) {
        this.serviceNow = serviceNow;
        this.cmdb = cmdb;
    }

    /** {@code type}: a standard change is made from a template ({@code std_change_producer_version}). */
    public enum ChangeType {
        NORMAL, STANDARD, EMERGENCY;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static ChangeType of(String value) {
            for (ChangeType type : values()) {
                if (type.value().equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("change type '" + value + "' is none of normal, standard, emergency");
        }
    }

    /**
     * A change to request.
     *
     * @param template     the standard change template's sys_id; required for, and only for, a standard change
     * @param service      its CI and assignment group as for incidents (Assess, Authorize and Scheduled need a
     *                     group); null for none
     * @param plannedStart the planned window, {@code start_date}/{@code end_date}; either may be null
     */
    public record NewChange(String key, ChangeType type, String template, String shortDescription, String description,
                            ServiceDefinition service, Instant plannedStart, Instant plannedEnd, String justification,
                            String implementationPlan, String backoutPlan) {

        public NewChange {
            if ((type == ChangeType.STANDARD) != (template != null)) {
                throw new IllegalArgumentException("a standard change, and only one, is made from a template");
            }
        }
    }

    /** {@code state}'s default codes; an instance may configure others, which read as {@link #OTHER}. */
    public enum ChangeState {
        NEW(-5), ASSESS(-4), AUTHORIZE(-3), SCHEDULED(-2), IMPLEMENT(-1), REVIEW(0), CLOSED(3), CANCELED(4), OTHER(Integer.MIN_VALUE);

        private final int code;

        ChangeState(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static ChangeState of(String code) {
            for (ChangeState state : values()) {
                if (Integer.toString(state.code).equals(code)) {
                    return state;
                }
            }
            return OTHER;
        }
    }

    /** The approval rollup of §3.3. */
    public enum Approval {
        NOT_REQUESTED, REQUESTED, APPROVED, REJECTED;

        /**
         * Of the approvers' states: any rejected is rejected; all approved is approved; none, or all not requested,
         * is not requested; anything else is still requested.
         */
        static Approval rollup(List<String> states) {
            if (states.contains("rejected")) {
                return REJECTED;
            }
            if (!states.isEmpty() && states.stream().allMatch("approved"::equals)) {
                return APPROVED;
            }
            if (states.stream().allMatch("not requested"::equals)) {
                return NOT_REQUESTED;
            }
            return REQUESTED;
        }

        /** The change record's own {@code approval} field; a value it does not know is not an approval. */
        static Approval of(String value) {
            return switch (value) {
                case "approved" -> APPROVED;
                case "rejected" -> REJECTED;
                case "not requested", "" -> NOT_REQUESTED;
                default -> REQUESTED;
            };
        }
    }

    /** A change request's state and approval. */
    public record ChangeStatus(String sysId, String number, String state, ChangeState stateName, Approval approval) {

        /** The gate of §3.3: Scheduled or Implement, and approved. */
        public boolean mayImplement() {
            return (stateName == ChangeState.SCHEDULED || stateName == ChangeState.IMPLEMENT) && approval == Approval.APPROVED;
        }
    }

    /** An approval still waiting ({@code sysapproval_approver} with state requested). */
    public record PendingApproval(String sysId, String approver) {
    }

    /** The key's change, created when there is none. */
    public ChangeStatus create(NewChange change) {
        String correlationId = CorrelationId.of(change.key());
        Optional<ObjectNode> existing = serviceNow.table().first("change_request",
                TableQuery.raw().where("correlation_id=" + correlationId).fields(FIELDS));
        if (existing.isPresent()) {
            return status(existing.get());
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode()
                .put("type", change.type().value())
                .put("short_description", change.shortDescription())
                .put("description", change.description());
        if (change.template() != null) {
            fields.put("std_change_producer_version", change.template());
        }
        List<String> notes = new ArrayList<>(List.of("Requested by Lifeboat (key " + change.key() + ")."));
        if (change.service() != null) {
            new References(serviceNow.table(), cmdb).route(change.service(), fields, notes);
        }
        putIfGiven(fields, "start_date", change.plannedStart() == null ? null : GlideTime.format(change.plannedStart()));
        putIfGiven(fields, "end_date", change.plannedEnd() == null ? null : GlideTime.format(change.plannedEnd()));
        putIfGiven(fields, "justification", change.justification());
        putIfGiven(fields, "implementation_plan", change.implementationPlan());
        putIfGiven(fields, "backout_plan", change.backoutPlan());
        fields.put("correlation_id", correlationId).put("correlation_display", ServiceNowIncidents.CORRELATION_DISPLAY)
                .put("work_notes", String.join("\n", notes));
        return status(serviceNow.table().create("change_request", TableQuery.raw().fields(FIELDS), fields));
    }

    /**
     * State and approval now. The approval is the rollup of the change's approvers; a change without any (a standard
     * change is approved by its template) has its record's own {@code approval}.
     *
     * @throws RemoteFailure 404 when there is no such change (or an ACL hides it)
     */
    public ChangeStatus status(String sysId) {
        return status(serviceNow.table().get("change_request", sysId, TableQuery.raw().fields(FIELDS))
                .orElseThrow(() -> RemoteFailure.answered(ServiceNowErrors.PEER, 404, false, null,
                        "no change_request " + sysId)));
    }

    public List<PendingApproval> pendingApprovals(String changeSysId) {
        return serviceNow.table().list("sysapproval_approver", TableQuery.raw()
                        .where("sysapproval=" + changeSysId + "^state=requested").fields(List.of("sys_id", "approver", "state")))
                .stream().map(row -> new PendingApproval(row.path("sys_id").asText(), row.path("approver").asText())).toList();
    }

    private ChangeStatus status(ObjectNode change) {
        String sysId = change.path("sys_id").asText();
        List<String> approvers = serviceNow.table().list("sysapproval_approver",
                        TableQuery.raw().where("sysapproval=" + sysId).fields(List.of("sys_id", "state")))
                .stream().map(row -> row.path("state").asText()).toList();
        Approval approval = approvers.isEmpty() ? Approval.of(change.path("approval").asText()) : Approval.rollup(approvers);
        String state = change.path("state").asText();
        return new ChangeStatus(sysId, change.path("number").asText(), state, ChangeState.of(state), approval);
    }

    private static void putIfGiven(ObjectNode fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }
}
