// Health check of the ticket database. Bindings: service, runbooksDir, log; returns true when healthy.
// The demo checks the data files; a real one would run "SELECT 1" against the database.
import java.nio.file.Files

def data = runbooksDir.resolve('demo-data/ticket-db')
def missing = ['tickets.csv', 'schema.sql'].findAll { !Files.isReadable(data.resolve(it)) }
if (missing) {
    log.warn('{}: missing {} in {}', service.id(), missing, data)
    return false
}
log.info('{}: tickets and schema are readable', service.id())
return true
