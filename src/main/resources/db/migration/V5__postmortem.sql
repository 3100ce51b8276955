-- One post-mortem per incident: written when it is drafted, completed when it closes. Kept after the process
-- history is cleaned up, so a new incident can link the earlier post-mortem of the same failure.
create table post_mortem (
    incident_id  varchar(64)   primary key references incident (id),
    service      varchar(100)  not null,
    opened_at    timestamp(6) with time zone not null,
    resolved_at  timestamp(6) with time zone,
    drafted_at   timestamp(6) with time zone not null,
    closed_at    timestamp(6) with time zone,
    outcome      varchar(2000)
);

-- The alert names of each post-mortem's incident: "the same failure" is the same service and alert name.
create table post_mortem_alert (
    incident_id varchar(64)  not null references post_mortem (incident_id),
    alertname   varchar(200) not null,
    primary key (incident_id, alertname)
);
create index post_mortem_alert_by_name on post_mortem_alert (alertname);
