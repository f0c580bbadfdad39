package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void medianOfTwoIsTheirMeanAndMissingFiguresAreLeftOut() {
        assertThat(Report.median(List.of(3.0, 1.0))).isEqualTo(2.0);
        assertThat(Report.median(List.of(5.0, Double.NaN, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Report.median(List.of(Double.NaN))).isNaN();
    }

    @Test
    void targetsCompareWithDistributionNginxOrAFixedLimit() {
        assertThat(Target.timesDistribution(2).verdict(200, 100, Double.NaN)).isEqualTo("yes");
        assertThat(Target.timesDistribution(2).verdict(199, 100, Double.NaN)).isEqualTo("NO");
        assertThat(Target.atMost(1.5, "s").verdict(1.5, 9, Double.NaN)).isEqualTo("yes");
        assertThat(Target.pull().verdict(950, 900, 1000)).isEqualTo("yes");
        assertThat(Target.pull().verdict(890, 800, 1000)).isEqualTo("NO");
        assertThat(Target.none().verdict(1, 1, 1)).isEmpty();
        assertThat(Target.timesDistribution(5).text()).isEqualTo("≥ 5× distribution");
    }

    @Test
    void aLoadAverageAboveTheCoresMarksTheRunBusy() {
        assertThat(report("0.10 0.20 0.30", "0.50 0.20 0.30").busy()).isFalse();
        assertThat(report("0.10 0.20 0.30", "999.0 9 9").busy()).isTrue();
        assertThat(report("?", "?").busy()).isFalse();
    }

    private static Report report(String loadBefore, String loadAfter) {
        return new Report(null, null, List.of(), List.of(), List.of(), 0, null, null, List.of(), loadBefore, loadAfter,
                0);
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(Units.size(Units.GIB)).isEqualTo("1 GiB");
        assertThat(Units.size(16 * Units.MIB)).isEqualTo("16 MiB");
        assertThat(Units.size(4 * Units.KIB)).isEqualTo("4 KiB");
        assertThat(Units.size(1000)).isEqualTo("1000 B");
    }
}
