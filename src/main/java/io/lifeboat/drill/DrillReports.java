package io.lifeboat.drill;

import org.springframework.stereotype.Component;

/** Placeholder until the report branch lands. */
@Component
class DrillReports {
    String html(DrillRecord drill) {
        return "<html>" + drill.id() + "</html>";
    }
}
