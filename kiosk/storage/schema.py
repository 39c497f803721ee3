"""The kiosk database schema as registered migrations (append new ones; never edit old ones)."""

from __future__ import annotations

import sqlite_utils

from kiosk.storage.migrations import Migrations

MIGRATIONS = Migrations("kiosk")


@MIGRATIONS
def m001_technician_lock(db: sqlite_utils.Database) -> None:
    # One row: the technician PIN's scrypt hash and the failed-attempt state, so a lockout
    # survives a restart.
    db.execute(
        "create table technician_lock (id integer primary key check (id = 1), "
        "pin_hash text, failures integer not null default 0, locked_until real)"
    )


@MIGRATIONS
def m002_audit_log(db: sqlite_utils.Database) -> None:
    # Technician actions; each row carries the hash of the previous one (tamper-evident chain).
    db.execute(
        "create table audit_log (id integer primary key, at text not null, actor text not null, "
        "action text not null, detail text not null, prev_hash text not null, hash text not null)"
    )


@MIGRATIONS
def m003_kv(db: sqlite_utils.Database) -> None:
    # Small facts the kiosk keeps between starts (installed pack version, kiosk id, ...).
    db.execute("create table kv (key text primary key, value text not null)")


@MIGRATIONS
def m100_sync_outbox(db: sqlite_utils.Database) -> None:
    # Items waiting for the central server, written in the same transaction as the record they
    # belong to. Personal payloads are only ever stored sealed to the server's key; once the server
    # acknowledges an item, payload and sealed are set to NULL and the row stays as a tombstone.
    db.execute(
        "create table sync_outbox (seq integer primary key autoincrement, "
        "id text not null unique, kind text not null, created_at text not null, "
        "hash text not null, payload text, sealed text, "
        "state text not null default 'pending' check (state in ('pending', 'sent', 'rejected')), "
        "attempts integer not null default 0, acked_at text, ack_status text, "
        "reject_code integer, reject_reason text, "
        "check ((payload is null) or (sealed is null)))"
    )
    db.execute("create index sync_outbox_state on sync_outbox (state, seq)")


@MIGRATIONS
def m101_sync_enrollment(db: sqlite_utils.Database) -> None:
    # The one server this kiosk is enrolled with; device_token is a secret (never logged).
    db.execute(
        "create table sync_enrollment (id integer primary key check (id = 1), "
        "server_url text not null, device_id text not null, device_token text not null, "
        "server_public_key text not null, kiosk_name text not null, enrolled_at text not null, "
        "heartbeat_interval_s integer not null, last_sync_at text, clock_offset_s real)"
    )


@MIGRATIONS
def m004_ratings(db: sqlite_utils.Database) -> None:
    # 好差评: anonymous satisfaction ratings (level 1..5, 5 = 非常满意) with an optional comment.
    db.execute(
        "create table ratings (id integer primary key, at text not null, "
        "level integer not null check (level between 1 and 5), comment text not null default '', "
        "language text not null)"
    )


@MIGRATIONS
def m005_ratings_without_comment_text(db: sqlite_utils.Database) -> None:
    # A comment may name a person: it now travels only sealed to the server (outbox) and is never
    # kept in clear on the kiosk; the table records only whether there was one.
    db.execute("alter table ratings add column has_comment integer not null default 0")
    db.execute("update ratings set has_comment = (comment != '')")
    db.execute("alter table ratings drop column comment")


@MIGRATIONS
def m006_queue_tickets(db: sqlite_utils.Database) -> None:
    # The hall's queue (取号). Anonymous: a ticket is a number, never a person. `day` is the queue's
    # business day (numbers restart at the configured reset time); (day, service, seq) is unique,
    # and seq is taken as max+1 inside BEGIN IMMEDIATE, so numbers are never repeated or skipped.
    # `token` is the unguessable part of the ticket's phone link; `request_key` makes a repeated
    # request (a double tap resent) return the ticket already issued.
    db.execute(
        "create table queue_tickets (id integer primary key, day text not null, "
        "service text not null, seq integer not null, number text not null, "
        "token text not null unique, request_key text unique, issued_at text not null, "
        "state text not null default 'waiting' "
        "check (state in ('waiting', 'called', 'served', 'skipped', 'no_show')), "
        "print_state text not null default 'issued' "
        "check (print_state in ('issued', 'printed', 'print_failed')), "
        "counter text, first_called_at text, last_called_at text, "
        "calls integer not null default 0, finished_at text, "
        "unique (day, service, seq))"
    )
    db.execute("create index queue_tickets_waiting on queue_tickets (day, state, service, seq)")


@MIGRATIONS
def m007_queue_staff(db: sqlite_utils.Database) -> None:
    # Counter clerks who call visitors from the kiosk's counter page on the hall LAN. The
    # password is kept only as an scrypt hash; `counters` lists the counters they may call from.
    db.execute(
        "create table queue_staff (name text primary key, password_hash text not null, "
        "counters text not null, created_at text not null)"
    )


@MIGRATIONS
def m008_queue_transfer(db: sqlite_utils.Database) -> None:
    # A ticket transferred to another service keeps its number and waits in that service's line
    # (queued_for); null = the line of the service it was issued for.
    db.execute("alter table queue_tickets add column queued_for text")
