// Thaw of the ticket database after its backup, also after a failed one. Bindings: service, runbooksDir, log.
// A real thaw would run "ALTER DATABASE tickets SET default_transaction_read_only = off"; the demo only says so.
log.info('{}: would set the ticket database read-write again', service.id())
