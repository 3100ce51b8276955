// A quiesce that cannot reach the service's snapshot API: it fails every time.
throw new IllegalStateException("snapshot API of ${service.id()} unreachable")
