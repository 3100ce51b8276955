package io.lifeboat.catalog;

/**
 * Where a service lives in ServiceNow, from its catalog entry's optional {@code serviceNow} block: its configuration
 * item and the group its incidents are assigned to, each a sys_id or a name. Either may be null; a service without
 * the block has no link at all ({@link ServiceDefinition#serviceNow()} is null), and its incidents go to its
 * {@code ownerGroup} by name with no CI.
 *
 * @param ci              a {@code cmdb_ci} sys_id or name
 * @param assignmentGroup a {@code sys_user_group} sys_id or name
 */
public record ServiceNowLink(String ci, String assignmentGroup) {
}
