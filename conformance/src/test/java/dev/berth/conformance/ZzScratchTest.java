package dev.berth.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ZzScratchTest {
    @BeforeAll
    static void cls(TestInfo info) {
        System.out.println("DISPLAY-CLASS " + info.getDisplayName());
    }
    @Test
    void fails(TestInfo info) {
        System.out.println("DISPLAY " + info.getDisplayName());
        assertThat(1).isEqualTo(2);
    }
}
