// beforeRestore hook of the ticket database: stops what writes to it, so an in-place restore replaces data nobody
// is changing. Bindings: service, runbooksDir, log. A real one would stop the ticketing application's service.
log.info('{}: would stop the ticketing application before the restore', service.id())
