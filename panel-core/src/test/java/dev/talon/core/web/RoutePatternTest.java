package dev.talon.core.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoutePatternTest {

    private static boolean overlap(String a, String b) {
        boolean one = RoutePattern.compile(a).overlaps(RoutePattern.compile(b));
        boolean other = RoutePattern.compile(b).overlaps(RoutePattern.compile(a));
        assertTrue(one == other, "overlap is symmetric for " + a + " and " + b);
        return one;
    }

    @Test
    void identical_paths_and_paths_differing_only_in_parameter_names_overlap() {
        assertTrue(overlap("/admin/ai", "/admin/ai"));
        assertTrue(overlap("/admin/ai/", "/admin/ai"));
        assertTrue(overlap("/api/x/{id}", "/api/x/{name}"));
    }

    @Test
    void a_parameter_segment_overlaps_a_literal_it_would_capture() {
        assertTrue(overlap("/api/pair/{id}", "/api/pair/ping"));
        assertTrue(overlap("/api/{a}/y", "/api/x/{b}"));
        assertTrue(overlap("/files/{name}.txt", "/files/notes.txt"));
    }

    @Test
    void different_literals_lengths_or_unmatched_affixes_do_not_overlap() {
        assertFalse(overlap("/admin/ai", "/admin/aid"));
        assertFalse(overlap("/api/pair/{id}", "/api/pair/{id}/more"));
        assertFalse(overlap("/files/{name}.txt", "/files/notes.log"));
        assertFalse(overlap("/a/b", "/a/c"));
    }
}
