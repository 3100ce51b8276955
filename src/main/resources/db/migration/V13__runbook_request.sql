-- Who asked for a runbook instance, taken from the authenticated user when Lifeboat's API started it. Four-eyes rules
-- compare the user deciding a task with this row, never with a process variable anyone completing a task could set.
create table runbook_request (
    process_instance_id varchar(64)   primary key,
    runbook             varchar(64)   not null,
    business_key        varchar(255)  not null,
    requested_by        varchar(255)  not null,
    reason              varchar(1000),
    requested_at        timestamp(6) with time zone not null
);
create index runbook_request_by_key on runbook_request (runbook, business_key);
