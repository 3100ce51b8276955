package io.lifeboat.check;

import java.io.IOException;
import java.sql.SQLException;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.catalog.DrillCheck;

/** One type of drill check ({@link DrillCheck#type()}): how it reads the restored data. */
interface CheckType {

    /**
     * Reading the restored data or the backup may fail ({@link AgentException}, {@link SQLException},
     * {@link IOException}): the check then fails with the message.
     *
     * @throws CheckNotRun the check cannot run on this data: failed, or skipped when the restore left its data out
     */
    Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, AgentException, SQLException, IOException;

    /** A setting the check cannot run without; the catalog refuses a check without it, a check made elsewhere fails. */
    static String required(DrillCheck check, String setting) throws CheckNotRun {
        String value = check.text(setting);
        if (value == null || value.isBlank()) {
            throw CheckNotRun.failed("setting '" + setting + "' is missing");
        }
        return value;
    }
}
