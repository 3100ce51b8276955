-- One row per restore; the restore runbook's business key is its id.
create table restore_run (
    id                    varchar(200)  primary key,
    service               varchar(100)  not null,
    backup_id             varchar(200)  not null references backup (id),
    point_in_time         timestamp(6) with time zone,
    mode                  varchar(20)   not null,
    target                varchar(4000) not null,
    paths                 varchar(4000) not null,
    state                 varchar(20)   not null,
    requested_by          varchar(100)  not null,
    requested_at          timestamp(6) with time zone not null,
    reason                varchar(1000) not null,
    incident_id           varchar(64),
    unverified_allowed    boolean       not null default false,
    approved_by           varchar(100),
    decided_at            timestamp(6) with time zone,
    decision_comment      varchar(1000),
    safety_backup_id      varchar(200),
    safety_waived_because varchar(1000),
    recovered_to          timestamp(6) with time zone,
    reference_time        timestamp(6) with time zone not null,
    rto_seconds           bigint,
    approval_wait_seconds bigint,
    rpo_seconds           bigint,
    checks                varchar(20000),
    finished_at           timestamp(6) with time zone,
    failed_step           varchar(100),
    error                 varchar(4000),
    process_instance_id   varchar(64)
);
create index restore_run_by_service on restore_run (service, requested_at);

-- At most one open restore per service, from its request to its end: the primary key is the guarantee.
create table open_restore (
    service    varchar(100) primary key,
    restore_id varchar(200) not null
);
