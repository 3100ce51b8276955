-- Which incident an emergency backup belongs to, where its data went, and when retention or an approved request
-- deleted it. A deleted backup keeps its row: the history stays, the data is gone.
alter table backup add column incident_id varchar(64);
alter table backup add column storage_target varchar(100);
alter table backup add column deleted_at timestamp(6) with time zone;
create index backup_by_incident on backup (incident_id);

-- Legal holds: on listed backups, or on a whole service (its future backups included) until released.
create table legal_hold (
    id          varchar(64)   primary key,
    service     varchar(100),
    case_ref    varchar(200)  not null,
    reason      varchar(1000) not null,
    placed_by   varchar(100)  not null,
    placed_at   timestamp(6) with time zone not null,
    released_by varchar(100),
    released_at timestamp(6) with time zone
);
create table legal_hold_backup (
    hold_id   varchar(64)  not null references legal_hold (id),
    backup_id varchar(200) not null references backup (id),
    primary key (hold_id, backup_id)
);
create index legal_hold_backup_by_backup on legal_hold_backup (backup_id);

-- Each sweep's plan, one row per backup looked at, and what became of each deletion: the delete step works from
-- these rows, so a retried step skips what is done, and the report is read from them.
create table retention_sweep (
    id          varchar(64)  primary key,
    started_by  varchar(100) not null,
    started_at  timestamp(6) with time zone not null,
    finished_at timestamp(6) with time zone
);
create table retention_decision (
    sweep_id  varchar(64)   not null references retention_sweep (id),
    backup_id varchar(200)  not null references backup (id),
    service   varchar(100)  not null,
    keep      boolean       not null,
    reasons   varchar(500)  not null,
    outcome   varchar(20),
    detail    varchar(2000),
    primary key (sweep_id, backup_id)
);
