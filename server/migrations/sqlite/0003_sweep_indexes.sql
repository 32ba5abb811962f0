-- Ponte booking service, schema 3 (SQLite): indexes for the sweep, which
-- looks for expired holds of every network and for personal data past its
-- retention. Forward only: a store of schema 1 gains them on opening.
CREATE INDEX IF NOT EXISTS reservations_by_expiry ON reservations(status, expires_at);
CREATE INDEX IF NOT EXISTS personal_data_by_purge ON personal_data(purge_after);
