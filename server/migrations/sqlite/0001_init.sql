-- Ponte booking service, schema 1 (SQLite).
CREATE TABLE IF NOT EXISTS networks (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    base_problem TEXT NOT NULL,
    base_plan TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- Holds and bookings: one row each, no personal data.
CREATE TABLE IF NOT EXISTS reservations (
    id TEXT PRIMARY KEY,
    network TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    hold_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    request TEXT NOT NULL,
    assignment TEXT NOT NULL,
    seq BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    appointment_start BIGINT NOT NULL,
    appointment_end BIGINT NOT NULL,
    cancel_hash TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS reservations_by_status ON reservations(network, status);
-- Residents' personal data, apart, purged after the retention.
CREATE TABLE IF NOT EXISTS personal_data (
    booking TEXT PRIMARY KEY REFERENCES reservations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    topic TEXT,
    details TEXT,
    locale TEXT,
    purge_after BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    network TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    network TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    version_before BIGINT,
    version_after BIGINT
);
CREATE INDEX IF NOT EXISTS audit_by_network ON audit_log(network, id);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
