-- Ponte booking service, schema 4 (PostgreSQL): a network's base problem and plan
-- in a table of their own. Every change bumps the network's version (the
-- row lock that serializes the writers of a network). With the documents in
-- the same row, each booking on a large network made the database read and
-- compare (SQLite) megabytes of documents it did not change. The old
-- columns stay, emptied. Forward only: a store of schema 3 moves its
-- documents on opening.
CREATE TABLE IF NOT EXISTS network_bases (
    network TEXT PRIMARY KEY REFERENCES networks(id) ON DELETE CASCADE,
    base_problem TEXT NOT NULL,
    base_plan TEXT NOT NULL
);
INSERT INTO network_bases (network, base_problem, base_plan)
    SELECT id, base_problem, base_plan FROM networks WHERE id NOT IN (SELECT network FROM network_bases);
UPDATE networks SET base_problem = '', base_plan = '' WHERE base_problem <> '' OR base_plan <> '';
