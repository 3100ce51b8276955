-- The backup method each agent actually used (full, incremental, differential): an artifact's is what its agent
-- reported, a backup's lists its artifacts' as snapshot_id does. Null for backups made before agents reported it.
alter table backup add column method varchar(1000);
alter table backup_artifact add column method varchar(20);
