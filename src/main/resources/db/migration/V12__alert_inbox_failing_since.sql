-- When an unprocessed alert first failed: health reports its service DOWN once that is longer ago than
-- lifeboat.intake.failing-health-after. Alerts failing before this migration count from their last attempt, which is
-- later than their first failure, so they are reported late rather than early. Plain SQL, valid on H2 2.3 and
-- PostgreSQL 17.
alter table alert_inbox add column failing_since timestamp(6) with time zone;
update alert_inbox set failing_since = last_attempt_at where processed_at is null and attempts > 0;
