// afterRestore hook of the ticket database: starts the ticketing application again, on the restored data (or, after
// a failed restore, on its untouched data). Bindings: service, runbooksDir, log.
log.info('{}: would start the ticketing application again', service.id())
