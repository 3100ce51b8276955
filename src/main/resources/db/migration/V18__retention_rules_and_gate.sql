-- The rules that keep a backup (keep-last, daily, ...) or delete it (gfs), apart from the reasons that explain them.
-- Rows written before: a kept backup's reasons were its rule names, an expired one's the GFS explanation.
alter table retention_decision add column rules varchar(200);
update retention_decision set rules = case when keep then reasons else 'gfs' end;
alter table retention_decision alter column rules set not null;

-- The services whose plan deletes more than lifeboat.retention.max-delete-fraction of their backups, and the
-- approver's decision on them: the delete step leaves a rejected service's backups alone.
create table retention_gate (
    sweep_id   varchar(64)   not null references retention_sweep (id),
    service    varchar(100)  not null,
    weighed    integer       not null,
    deletions  integer       not null,
    approved   boolean,
    decided_by varchar(255),
    decided_at timestamp(6) with time zone,
    note       varchar(2000),
    primary key (sweep_id, service)
);
