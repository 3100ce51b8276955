// Holds a backup in its quiesce step until the test lets it go, so the test can meet the backup while it runs.
def deadline = System.currentTimeMillis() + 60_000
while (!Boolean.getBoolean("lifeboat.test.release-quiesce") && System.currentTimeMillis() < deadline) {
    sleep(100)
}
log.info("quiesce of {} released", service.id())
