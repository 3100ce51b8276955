-- The append-only, hash-chained audit trail. Plain SQL, valid on H2 2.3 and PostgreSQL 17.

CREATE TABLE audit_event (
    id            BIGINT                      NOT NULL,
    -- microsecond precision on both databases, so a reread event hashes exactly as it was written
    occurred_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor         VARCHAR(200)                NOT NULL,
    action        VARCHAR(100)                NOT NULL,
    subject       VARCHAR(300),
    service       VARCHAR(100),
    trigger_kind  VARCHAR(50),
    reason        VARCHAR(2000),
    detail        VARCHAR(4000),
    previous_hash CHAR(64)                    NOT NULL,
    hash          CHAR(64)                    NOT NULL,
    CONSTRAINT audit_event_pk PRIMARY KEY (id)
);

CREATE INDEX audit_event_subject_idx ON audit_event (subject);
CREATE INDEX audit_event_service_idx ON audit_event (service);

-- One row: the id and hash of the newest event. Appends lock it (SELECT ... FOR UPDATE), which serialises them
-- across threads and nodes, and it lets verify() notice events cut off the end of the chain.
CREATE TABLE audit_chain_head (
    id        INT      NOT NULL,
    last_id   BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL,
    CONSTRAINT audit_chain_head_pk PRIMARY KEY (id),
    CONSTRAINT audit_chain_head_single_row CHECK (id = 1)
);

INSERT INTO audit_chain_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
