// Drill check "open ticket 1042" of the ticket database: a synthetic transaction, what a service desk agent opening
// the ticket would see. Bindings: restored (the restored data sources by name: a java.nio.file.Path for files, a
// read-only JDBC Connection for a database) and log. It passes by returning normally and fails by returning false or
// throwing, whose message is the check's evidence. A ticket database in PostgreSQL would ask it instead:
//   restored.tickets.prepareStatement('select status, subject from tickets where id = ?')
import java.nio.file.Files

def tickets = restored.tickets.resolve('tickets.csv')
def row = Files.lines(tickets).withCloseable { lines -> lines.filter { it.startsWith('1042,') }.findFirst().orElse(null) }
if (row == null) {
    throw new IllegalStateException("ticket 1042 is not in the restored ${tickets.fileName}")
}
// id,created_at,requester,assignee_group,priority,status,subject
def ticket = row.split(',', 7)
if (ticket[5] != 'open') {
    throw new IllegalStateException("ticket 1042 is ${ticket[5]}, it was open when the demo data was made")
}
log.info('ticket 1042 opened: {}', ticket[6])
return "ticket 1042 '${ticket[6]}' found, ${ticket[5]}"
