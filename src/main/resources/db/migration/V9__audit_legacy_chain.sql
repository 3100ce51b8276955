-- Trails written before the audit key existed (lifeboat-audit-v1, plain SHA-256, which anyone can recompute) are
-- re-chained with the key once, at the first start that has one, by io.lifeboat.audit.LegacyChainUpgrade, and only
-- when they are intact. This row records how far such a trail went when this migration ran; a database without
-- events gets no row, so a trail begun with the key is never re-chained.
CREATE TABLE audit_legacy_chain (
    id      INT    NOT NULL,
    last_id BIGINT NOT NULL,
    CONSTRAINT audit_legacy_chain_pk PRIMARY KEY (id),
    CONSTRAINT audit_legacy_chain_single_row CHECK (id = 1)
);

INSERT INTO audit_legacy_chain (id, last_id)
SELECT 1, last_id FROM audit_chain_head WHERE last_id > 0;
