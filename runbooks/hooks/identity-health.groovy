// Health check of the identity directory. Bindings: service, runbooksDir, log; returns true when healthy.
// The demo checks that the directory export is there and readable; a real one would bind to the LDAP server.
import java.nio.file.Files

def export = runbooksDir.resolve('demo-data/identity/directory.ldif')
def healthy = Files.isReadable(export) && Files.size(export) > 0
log.info('{}: directory export {} {}', service.id(), export, healthy ? 'is readable' : 'is missing or empty')
return healthy
