package io.lifeboat.intake;

import java.util.List;

/**
 * The answer to an accepted webhook, sent after the alerts are committed.
 *
 * @param accepted  alerts stored by this request
 * @param ids       their inbox ids; for a redelivery, the ids stored by the first delivery
 * @param duplicate true when this delivery id was seen before and nothing new was stored
 */
public record IntakeReceipt(int accepted, List<Long> ids, boolean duplicate) {

    static IntakeReceipt stored(List<Long> ids) {
        return new IntakeReceipt(ids.size(), ids, false);
    }

    static IntakeReceipt redelivery(List<Long> firstIds) {
        return new IntakeReceipt(0, firstIds, true);
    }
}
