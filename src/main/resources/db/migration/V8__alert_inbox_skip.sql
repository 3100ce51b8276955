-- An operator's way past a "poison" alert: a skipped row counts as processed (processed_at is the skip's time), so the
-- later alerts of its service go on, and says who skipped it and why. Null on rows the handler processed. Plain SQL,
-- valid on H2 2.3 and PostgreSQL 17.
alter table alert_inbox add column skipped_by varchar(200);
alter table alert_inbox add column skip_reason varchar(1000);
