CREATE TABLE full_notes (
    id ${id},
    note VARCHAR(500) NOT NULL
);
INSERT INTO full_notes (note) VALUES ('seeded by migration');
