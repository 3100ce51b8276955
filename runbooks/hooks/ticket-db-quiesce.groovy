// Quiesce of the ticket database before its backup. Bindings: service, runbooksDir, log.
// A real quiesce would run "ALTER DATABASE tickets SET default_transaction_read_only = on" and wait for open
// transactions; the demo only says so and leaves the data untouched.
log.info('{}: would set the ticket database read-only for the backup', service.id())
