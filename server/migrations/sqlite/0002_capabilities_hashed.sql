-- Hold ids and cancel tokens are no longer readable from the database: the
-- reservations keep their SHA-256 hashes (hold ids written before this
-- version are hashed by the server after the migrations run), and a stored
-- answer for a replay keeps the booking code instead of the capability.
-- Stored answers written before this version held capabilities in plain
-- text: they are dropped (a client retrying across the upgrade gets the
-- hold's current state instead of a replay, and no booking is affected).
DELETE FROM idempotency;
