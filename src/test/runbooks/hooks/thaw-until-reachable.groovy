// A thaw that cannot reach the service's snapshot API until the test says it can: the step fails on every retry
// until then, and a retry after that succeeds.
if (!Boolean.getBoolean("lifeboat.test.snapshot-api-reachable")) {
    throw new IllegalStateException("snapshot API of ${service.id()} unreachable")
}
