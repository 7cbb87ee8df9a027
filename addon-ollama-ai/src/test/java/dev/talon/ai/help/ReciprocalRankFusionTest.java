package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

    @Test
    void an_item_ranked_well_by_both_lists_beats_one_ranked_first_by_only_one() {
        // 7 is first lexically only; 3 is second in both.
        assertEquals(List.of(3, 7, 9, 5), ReciprocalRankFusion.fuse(List.of(List.of(7, 3, 5), List.of(9, 3))));
    }

    @Test
    void one_ranking_keeps_its_order() {
        assertEquals(List.of(4, 2, 8), ReciprocalRankFusion.fuse(List.of(List.of(4, 2, 8))));
    }
}
