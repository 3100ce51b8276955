-- One row per restore drill; the restore-drill runbook's business key is its id.
create table drill_run (
    id                  varchar(200)  primary key,
    service             varchar(100)  not null,
    backup_id           varchar(200)  not null references backup (id),
    point_in_time       timestamp(6) with time zone,
    recovery_point      varchar(20)   not null,
    negative_control    boolean       not null,
    trigger_kind        varchar(20)   not null,
    retry_of            varchar(200),
    requested_by        varchar(100)  not null,
    restore_id          varchar(200),
    state               varchar(20)   not null,
    verdict             varchar(20),
    reason              varchar(4000),
    sandbox             varchar(4000),
    damage              varchar(4000),
    checks              varchar(100000),
    -- the service's objectives when the drill was asked for, which it is measured against (ISO-8601)
    rto_objective       varchar(40)   not null,
    rpo_objective       varchar(40)   not null,
    reference_time      timestamp(6) with time zone not null,
    recovered_to        timestamp(6) with time zone,
    rto_seconds         bigint,
    rpo_seconds         bigint,
    started_at          timestamp(6) with time zone not null,
    restore_started_at  timestamp(6) with time zone,
    restore_finished_at timestamp(6) with time zone,
    checks_started_at   timestamp(6) with time zone,
    checks_finished_at  timestamp(6) with time zone,
    finished_at         timestamp(6) with time zone,
    teardown_succeeded  boolean,
    teardown_detail     varchar(4000),
    report_sha256       varchar(64),
    -- what the drill proved: a later change of the service's catalog entry makes its state needs-verifying
    catalog_fingerprint varchar(64)   not null,
    process_instance_id varchar(64)
);
create index drill_run_by_service on drill_run (service, started_at);
create index drill_run_by_restore on drill_run (restore_id);

-- At most one running drill per service: the primary key is the guarantee.
create table open_drill (
    service  varchar(100) primary key,
    drill_id varchar(200) not null
);

-- The last scheduled drill time per service, shared by engine nodes so only one starts it.
create table drill_schedule (
    service   varchar(100) primary key,
    last_tick timestamp(6) with time zone not null
);
