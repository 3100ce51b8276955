// A quiesce that cannot reach the service's snapshot API: the step fails on every retry.
throw new IllegalStateException("snapshot API of ${service.id()} unreachable")
