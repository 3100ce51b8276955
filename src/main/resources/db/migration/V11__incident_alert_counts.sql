-- An alert storm on one service is one incident with thousands of alerts: each joining alert reads the counts kept
-- here instead of counting its incident's alerts, and the newest few along an index instead of sorting them all.
-- Plain SQL, valid on H2 2.3 and PostgreSQL 17.
alter table incident add column alert_count integer not null default 0;
alter table incident add column firing_alert_count integer not null default 0;
update incident set
    alert_count = (select count(*) from incident_alert a where a.incident_id = incident.id),
    firing_alert_count = (select count(*) from incident_alert a where a.incident_id = incident.id and a.status = 'FIRING');
create index incident_alert_newest on incident_alert (incident_id, last_seen_at desc, fingerprint desc);
