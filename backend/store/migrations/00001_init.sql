-- +goose Up
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE instruments (
    symbol     TEXT PRIMARY KEY,
    ticker     TEXT NOT NULL,
    name       TEXT NOT NULL,
    market     TEXT NOT NULL,
    exchange   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    sector     TEXT NOT NULL DEFAULT '',
    currency   TEXT NOT NULL,
    source     TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX instruments_market_ticker ON instruments (market, ticker);

-- Candles packed per (symbol, interval, UTC year): see packed.go. A chunk
-- is rewritten whole, so a batch is stored entirely or not at all.
CREATE TABLE bar_chunks (
    symbol   TEXT    NOT NULL,
    interval TEXT    NOT NULL,
    year     INTEGER NOT NULL,
    count    INTEGER NOT NULL,
    first_ts INTEGER NOT NULL,
    last_ts  INTEGER NOT NULL,
    data     BLOB    NOT NULL,
    PRIMARY KEY (symbol, interval, year)
) WITHOUT ROWID;

-- Where each stored series came from and how fresh it is.
CREATE TABLE series (
    symbol     TEXT    NOT NULL,
    interval   TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    first_ts   INTEGER NOT NULL,
    last_ts    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (symbol, interval)
) WITHOUT ROWID;

CREATE TABLE quotes (
    symbol       TEXT PRIMARY KEY,
    price        REAL    NOT NULL,
    prev_close   REAL    NOT NULL,
    change       REAL    NOT NULL,
    change_pct   REAL    NOT NULL,
    volume       REAL    NOT NULL,
    quote_volume REAL    NOT NULL,
    ts           INTEGER NOT NULL,
    source       TEXT    NOT NULL
) WITHOUT ROWID;

-- KR investor net buying per stock and day, in shares, packed per
-- (symbol, UTC year) like bar_chunks.
CREATE TABLE flow_chunks (
    symbol   TEXT    NOT NULL,
    year     INTEGER NOT NULL,
    count    INTEGER NOT NULL,
    first_ts INTEGER NOT NULL,
    last_ts  INTEGER NOT NULL,
    data     BLOB    NOT NULL,
    PRIMARY KEY (symbol, year)
) WITHOUT ROWID;

CREATE TABLE dividends (
    symbol    TEXT    NOT NULL,
    ex_date   INTEGER NOT NULL,
    pay_date  INTEGER NOT NULL,
    amount    REAL    NOT NULL,
    frequency TEXT    NOT NULL,
    PRIMARY KEY (symbol, ex_date)
) WITHOUT ROWID;

CREATE TABLE fundamentals (
    symbol TEXT PRIMARY KEY,
    as_of  INTEGER NOT NULL,
    data   TEXT    NOT NULL CHECK (json_valid(data))
) WITHOUT ROWID;

CREATE TABLE option_contracts (
    underlying    TEXT    NOT NULL,
    expiry        INTEGER NOT NULL,
    type          TEXT    NOT NULL CHECK (type IN ('C', 'P')),
    strike        REAL    NOT NULL,
    last          REAL    NOT NULL,
    bid           REAL    NOT NULL,
    ask           REAL    NOT NULL,
    volume        INTEGER NOT NULL,
    open_interest INTEGER NOT NULL,
    iv            REAL    NOT NULL,
    as_of         INTEGER NOT NULL,
    PRIMARY KEY (underlying, expiry, type, strike)
) WITHOUT ROWID;

-- Signal ledger, one per market, OPEN -> CLOSED.
CREATE TABLE signals (
    id                INTEGER PRIMARY KEY,
    market            TEXT    NOT NULL,
    ticker            TEXT    NOT NULL,
    symbol            TEXT    NOT NULL,
    signal_date       TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    entry_price       REAL    NOT NULL,
    foreign_5d        INTEGER NOT NULL DEFAULT 0,
    inst_5d           INTEGER NOT NULL DEFAULT 0,
    score             REAL    NOT NULL DEFAULT 0,
    contraction_ratio REAL    NOT NULL DEFAULT 1,
    exit_price        REAL,
    exit_date         TEXT,
    exit_reason       TEXT,
    return_pct        REAL,
    hold_days         INTEGER NOT NULL DEFAULT 0,
    details           TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    created_at        INTEGER NOT NULL,
    UNIQUE (market, ticker, signal_date)
);
CREATE UNIQUE INDEX signals_one_open ON signals (market, ticker) WHERE status = 'OPEN';
CREATE INDEX signals_status ON signals (market, status, signal_date);

-- Analysis snapshots by date (replaces the original's history JSON files).
CREATE TABLE snapshots (
    kind       TEXT    NOT NULL,
    date       TEXT    NOT NULL,
    data       TEXT    NOT NULL CHECK (json_valid(data)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (kind, date)
) WITHOUT ROWID;

CREATE TABLE job_runs (
    id         INTEGER PRIMARY KEY,
    job        TEXT    NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    result     TEXT,
    items      INTEGER NOT NULL DEFAULT 0,
    error      TEXT
);
CREATE INDEX job_runs_job ON job_runs (job, started_at);

CREATE TABLE cache (
    key        TEXT PRIMARY KEY,
    value      BLOB    NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE settings;
DROP TABLE cache;
DROP TABLE job_runs;
DROP TABLE snapshots;
DROP TABLE signals;
DROP TABLE option_contracts;
DROP TABLE fundamentals;
DROP TABLE dividends;
DROP TABLE flow_chunks;
DROP TABLE quotes;
DROP TABLE series;
DROP TABLE bar_chunks;
DROP TABLE instruments;
DROP TABLE meta;
