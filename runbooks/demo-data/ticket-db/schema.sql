-- schema of the demo ticket database; tickets.csv holds its rows
CREATE TABLE tickets (
    id             INTEGER      PRIMARY KEY,
    created_at     TIMESTAMP    NOT NULL,
    requester      VARCHAR(64)  NOT NULL, -- uid in the identity directory
    assignee_group VARCHAR(64)  NOT NULL,
    priority       CHAR(2)      NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
    status         VARCHAR(16)  NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    subject        VARCHAR(200) NOT NULL
);

CREATE INDEX tickets_status ON tickets (status);
