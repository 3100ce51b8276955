-- One row per backup run; the runbook's business key is its id.
create table backup (
    id                  varchar(200)  primary key,
    service             varchar(100)  not null,
    agent               varchar(200)  not null,
    trigger_kind        varchar(20)   not null,
    initiator           varchar(100)  not null,
    reason              varchar(1000) not null,
    status              varchar(20)   not null,
    snapshot_id         varchar(1000),
    bytes               bigint,
    file_count          bigint,
    checksum            varchar(1000),
    verified            boolean       not null default false,
    started_at          timestamp(6) with time zone not null,
    finished_at         timestamp(6) with time zone,
    process_instance_id varchar(64),
    error               varchar(4000),
    progress            varchar(500)
);
create index backup_by_service on backup (service, started_at);

-- What each data source's agent made for a backup: lets a repeated agent step find its earlier result.
create table backup_artifact (
    backup_id    varchar(200)  not null references backup (id),
    data_source  varchar(100)  not null,
    agent        varchar(100)  not null,
    snapshot_id  varchar(200)  not null,
    bytes        bigint        not null,
    file_count   bigint        not null,
    checksum     varchar(200)  not null,
    verified     boolean       not null default false,
    verification varchar(2000),
    primary key (backup_id, data_source)
);

-- At most one backup per service at a time: the primary key is the guarantee, also across engine nodes.
create table service_claim (
    service    varchar(100) primary key,
    backup_id  varchar(200) not null,
    claimed_at timestamp(6) with time zone not null
);

-- When the scheduler last started each service's scheduled backup (shared by all nodes).
create table schedule_state (
    service      varchar(100) primary key,
    last_tick_at timestamp(6) with time zone not null
);
