// A health check that fails, as a service whose database does not answer would.
log.warn("{} does not answer", service.id())
return false
