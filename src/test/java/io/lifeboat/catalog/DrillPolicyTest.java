package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class DrillPolicyTest {

    private static final DrillPolicy QUARTERLY = new DrillPolicy(DrillPolicy.QUARTERLY, List.of(), DrillPolicy.LATEST, null);

    @Test
    void quarterlyDrillsStartAtThreeUtcOnTheFirstOfJanuaryAprilJulyAndOctober() {
        Instant first = DrillPolicy.QUARTERLY.nextAfter(Instant.parse("2026-11-22T10:00:00Z"));
        Instant second = DrillPolicy.QUARTERLY.nextAfter(first);
        Instant third = DrillPolicy.QUARTERLY.nextAfter(second);

        assertThat(List.of(first, second, third)).containsExactly(Instant.parse("2027-01-01T03:00:00Z"),
                Instant.parse("2027-04-01T03:00:00Z"), Instant.parse("2027-07-01T03:00:00Z"));
    }

    /** The gap between the next two drills: a quarter has 90 to 92 days. */
    @Test
    void intervalIsTheGapBetweenTheNextTwoFireTimes() {
        // next drills 2027-01-01 and 2027-04-01
        assertThat(QUARTERLY.interval(Instant.parse("2026-11-22T10:00:00Z"))).isEqualTo(Duration.ofDays(90));
        // next drills 2027-07-01 and 2027-10-01
        assertThat(QUARTERLY.interval(Instant.parse("2027-04-01T03:00:00Z"))).isEqualTo(Duration.ofDays(92));
    }

    @Test
    void theServiceViewShowsThePolicyAsTheCatalogWritesIt() {
        DrillPolicy policy = new DrillPolicy(DrillPolicy.QUARTERLY, List.of("all tickets"), DrillPolicy.RANDOM,
                Duration.ofDays(90));

        assertThat(ServiceView.DrillPolicyView.of(policy)).isEqualTo(
                new ServiceView.DrillPolicyView("0 0 3 1 1,4,7,10 *", List.of("all tickets"), "random", "P90D"));
        assertThat(ServiceView.DrillPolicyView.of(DrillPolicy.byDefault(3, List.of())).schedule()).isNull();
    }

    @Test
    void withoutAScheduleThereIsNoInterval() {
        assertThat(DrillPolicy.byDefault(3, List.of()).interval(Instant.parse("2026-11-22T10:00:00Z"))).isNull();
    }
}
