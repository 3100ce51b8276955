-- The labels an alert came with (instance, host, job, ...), as a JSON object, so the commander's forms and the API
-- show where it fired. Alerts stored before have none. Plain SQL, valid on H2 2.3 and PostgreSQL 17.
alter table incident_alert add column labels varchar(2000);
