-- The backup SLA watch (BackupSlas): since when each service is watched (what a service without any verified backup
-- is measured from) and its open breach (no verified backup within its RPO). One row per service, so a breach is
-- recorded, and published, once however many nodes check.
create table backup_sla (
    service        varchar(100) primary key,
    watched_since  timestamp(6) with time zone not null,
    breached_at    timestamp(6) with time zone
);
