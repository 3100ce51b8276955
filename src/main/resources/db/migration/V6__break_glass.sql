-- Break-glass: time-bound emergency commander roles. Rows are never deleted, so past grants stay reviewable.
create table break_glass_grant (
    id               varchar(64)   primary key,
    user_id          varchar(255)  not null,
    granted_by       varchar(255)  not null,
    reason           varchar(1000) not null,
    granted_at       timestamp(6) with time zone not null,
    expires_at       timestamp(6) with time zone not null,
    ended_at         timestamp(6) with time zone,
    end_reason       varchar(300),
    -- true when the grant made the user a member of commanders; only then does its end remove that membership
    membership_added boolean       not null,
    -- the user while the grant is active, null once it ended: the unique key allows one active grant per user,
    -- also when two nodes grant at the same moment (H2 and PostgreSQL both allow many nulls in a unique column)
    active_user      varchar(255),
    constraint break_glass_one_active_grant_per_user unique (active_user)
);
create index break_glass_grant_by_expiry on break_glass_grant (ended_at, expires_at);
