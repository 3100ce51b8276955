package io.lifeboat.backup.agent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.servicenow.ServiceNowTableApi;
import io.lifeboat.servicenow.TableQuery;

/**
 * Reads one table through the Table API by keyset paging on ({@code sys_updated_on}, {@code sys_id}), never by
 * offset: an offset shifts under rows that are updated while the export runs (an updated row moves to the end), so an
 * offset export skips some rows and repeats others.
 *
 * <p>A page after the key ({@code T}, {@code ID}) asks for
 * {@code <filter>^sys_updated_on>=T^sys_updated_on>T^ORsys_id>ID^ORDERBYsys_updated_on^ORDERBYsys_id}. ServiceNow's
 * {@code ^OR} binds tighter than {@code ^}, so that reads (u &gt;= T) AND (u &gt; T OR id &gt; ID): the rows updated
 * after T, and those updated in the same second T whose sys_id sorts after ID. The first term keeps the second from
 * reaching back before T. A pass ends on an empty page: {@code sysparm_limit} is applied before ACL filtering, so a
 * short page does not mean the end (and a page whose rows an ACL hides all ends the pass early: the integration user
 * must be able to read every row it exports).
 *
 * <p>Rows changed while the export runs. Keys only grow (an update raises {@code sys_updated_on}), so a row that
 * exists throughout is read at least once: it moves ahead of the cursor, where a later page finds it. Only a key the
 * cursor has already passed stays unread, which is a row inserted or updated in the very second the cursor stands in
 * with a smaller sys_id: such a row would be missing (inserted) or stale (updated). So, with a high-water mark taken
 * at the start ({@code H}, the newest {@code sys_updated_on} of the table), the export makes a second, catch-up pass over
 * every row updated at or after {@code H} once the first pass is done: every write made after the start carries a
 * time of at least H, the first pass's stale and missing rows among them. Both passes keep the last version read per
 * sys_id, so a row read twice is written once.
 *
 * <p>The rule: a row that exists from the start to the end of the export is in it exactly once; a row not written
 * after the catch-up pass began is in it as it is in the instance; one written during the catch-up pass is in it in
 * a version it had during the export, and one inserted then may be missing, as one deleted during the export may be.
 * Rows are kept in memory until the table is written, one line of JSON each.
 */
final class ServiceNowTableExport {

    static final String SYS_ID = "sys_id";
    static final String UPDATED_ON = "sys_updated_on";

    /** Rows read so far across the export, for the progress listener. */
    interface Progress {
        void rowsRead(String table, long rows, long bytes);
    }

    /**
     * What one table gave.
     *
     * @param lines         per sys_id, the row's last version read, as one line of JSON
     * @param highWaterMark the newest {@code sys_updated_on} exported, or null for an empty table
     * @param catchUpFrom   the high-water mark taken at the start, from which the catch-up pass re-read; null when the
     *                      table was empty then and the catch-up pass re-read it whole
     */
    record Exported(String table, SortedMap<String, String> lines, String highWaterMark, String catchUpFrom) {
    }

    private record Key(String updatedOn, String sysId) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int byTime = updatedOn.compareTo(other.updatedOn);
            return byTime != 0 ? byTime : sysId.compareTo(other.sysId);
        }
    }

    /** The last version read per sys_id, and the bytes of JSON read in all (re-read rows too). */
    private static final class Rows {

        private final SortedMap<String, String> lines = new TreeMap<>();
        private long bytesRead;

        void keep(String sysId, String line) {
            lines.put(sysId, line);
            bytesRead += line.getBytes(StandardCharsets.UTF_8).length + 1L;
        }
    }

    private final ServiceNowTableApi api;
    private final int pageSize;
    private final ObjectMapper json;
    private final Progress progress;

    ServiceNowTableExport(ServiceNowTableApi api, int pageSize, ObjectMapper json, Progress progress) {
        this.api = api;
        this.pageSize = pageSize;
        this.json = json;
        this.progress = progress;
    }

    /** @throws io.lifeboat.http.RemoteFailure as the instance answered */
    Exported export(String table, String filter) throws AgentException {
        String startMark = newestUpdate(table);
        Rows rows = new Rows();
        String newest = pass(table, filter, null, rows);
        String caughtUp = pass(table, filter, startMark == null ? "" : startMark, rows);
        String highWaterMark = caughtUp != null && (newest == null || caughtUp.compareTo(newest) > 0) ? caughtUp : newest;
        return new Exported(table, rows.lines, highWaterMark, startMark);
    }

    /** The encoded query of a page: the filter, then the rows after {@code after}, or from {@code from} on. */
    static String query(String filter, String from, String afterUpdatedOn, String afterSysId) {
        StringJoiner query = new StringJoiner("^");
        if (!filter.isEmpty()) {
            query.add(filter);
        }
        if (afterUpdatedOn != null) {
            query.add(UPDATED_ON + ">=" + afterUpdatedOn);
            query.add(UPDATED_ON + ">" + afterUpdatedOn + "^OR" + SYS_ID + ">" + afterSysId);
        } else if (from != null && !from.isEmpty()) {
            query.add(UPDATED_ON + ">=" + from);
        }
        query.add("ORDERBY" + UPDATED_ON);
        query.add("ORDERBY" + SYS_ID);
        return query.toString();
    }

    /** The table's newest {@code sys_updated_on}, whatever the filter: no write after now can carry an earlier one. */
    private String newestUpdate(String table) {
        List<ObjectNode> newest = api.list(table, TableQuery.raw().where("ORDERBYDESC" + UPDATED_ON)
                .fields(List.of(UPDATED_ON)).limit(1).parameters()).result();
        return newest.isEmpty() ? null : newest.get(0).path(UPDATED_ON).asText(null);
    }

    /**
     * One keyset pass from {@code from} ({@code ""} for the table's start; null for the first pass, also from the
     * start), keeping the last version per sys_id in {@code rows}.
     *
     * @return the newest {@code sys_updated_on} read, null when nothing was
     */
    private String pass(String table, String filter, String from, Rows rows) throws AgentException {
        Key cursor = null;
        while (true) {
            String query = cursor == null ? query(filter, from, null, null) : query(filter, from, cursor.updatedOn(), cursor.sysId());
            List<ObjectNode> page = api.list(table, TableQuery.raw().where(query).limit(pageSize).parameters()).result();
            if (page.isEmpty()) {
                return cursor == null ? null : cursor.updatedOn();
            }
            for (ObjectNode row : page) {
                Key key = key(table, row);
                if (cursor != null && key.compareTo(cursor) <= 0) {
                    // ServiceNow silently ignores query terms it cannot read: without this, such a page repeats forever
                    throw new AgentException("table " + table + " answered row " + key.sysId() + " (" + key.updatedOn()
                            + ") again after " + cursor.sysId() + " (" + cursor.updatedOn() + "): the instance does not"
                            + " apply the keyset terms of query " + query, false);
                }
                cursor = key;
                rows.keep(key.sysId(), line(row));
            }
            progress.rowsRead(table, rows.lines.size(), rows.bytesRead);
        }
    }

    private static Key key(String table, ObjectNode row) throws AgentException {
        String sysId = row.path(SYS_ID).asText("");
        String updatedOn = row.path(UPDATED_ON).asText("");
        if (sysId.isEmpty() || updatedOn.isEmpty()) {
            throw new AgentException("table " + table + " answered a row without sys_id or sys_updated_on (" + sysId
                    + "): the export pages on both; an ACL may hide them from the integration user", false);
        }
        return new Key(updatedOn, sysId);
    }

    private String line(ObjectNode row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row read as JSON writes as JSON", e);
        }
    }
}
