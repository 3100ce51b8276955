package io.lifeboat.agent;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.lifeboat.backup.BackupRunbook;
import io.lifeboat.drill.DrillRunbook;
import io.lifeboat.restore.RestoreRunbook;
import io.lifeboat.retention.BackupDeletionRunbook;

/**
 * An agent on a data host ({@code lifeboat.agent.*}, agent mode only): where the engine is and who the agent is there.
 *
 * @param engineUrl   the engine's REST API, e.g. {@code https://lifeboat.example:8080/engine-rest}
 * @param user        a Lifeboat user in the agents group, which may work the agent topics' tasks
 * @param passwordRef that user's password by reference, {@code ${env:NAME}} or {@code ${file:/path}}, written with a
 *                    backslash before the {@code $} so Spring leaves it to Lifeboat
 * @param topics      the external task topics to work; every agent topic (backup, verify, delete, restore, drill) unless told
 */
@ConfigurationProperties("lifeboat.agent")
public record AgentProperties(String engineUrl, String user, String passwordRef, List<String> topics) {

    public AgentProperties {
        topics = topics == null || topics.isEmpty()
                ? List.of(BackupRunbook.TOPIC_AGENT, BackupRunbook.TOPIC_VERIFY, BackupDeletionRunbook.TOPIC_DELETE,
                        RestoreRunbook.TOPIC, DrillRunbook.TOPIC)
                : List.copyOf(topics);
    }
}
