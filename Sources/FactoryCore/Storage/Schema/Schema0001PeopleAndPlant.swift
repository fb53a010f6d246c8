extension Schema0001Initial {
    /// People, the permission mirror, workcenters, devices and scale readings.
    static let peopleAndPlant = """
    -- People -----------------------------------------------------------------------------
    CREATE TABLE users (
      id {id} PRIMARY KEY,
      username {text} NOT NULL UNIQUE,
      full_name {text} NOT NULL,
      position {text} NOT NULL CHECK (position IN ({enum:Position})),
      grade {text} CHECK (grade IN ({enum:Grade})),
      status {text} NOT NULL DEFAULT 'active' CHECK (status IN ({enum:UserStatus})),
      password_hash {text},
      pin_hash {text},
      bitrix_id {text},
      created_at {ts} NOT NULL,
      updated_at {ts} NOT NULL
    ){strict};

    -- A read-only mirror of the permission matrix, rewritten by every `factory migrate`;
    -- the matrix itself lives in code (PermissionMatrix.swift).
    CREATE TABLE roles (
      code {text} PRIMARY KEY,
      name {text} NOT NULL
    ){strict};
    CREATE TABLE permissions (
      code {text} PRIMARY KEY,
      description {text} NOT NULL
    ){strict};
    CREATE TABLE role_permissions (
      role_code {text} NOT NULL REFERENCES roles(code) ON DELETE CASCADE,
      permission_code {text} NOT NULL REFERENCES permissions(code) ON DELETE CASCADE,
      PRIMARY KEY (role_code, permission_code)
    ){strict};

    CREATE TABLE refresh_tokens (
      id {id} PRIMARY KEY,
      user_id {id} NOT NULL REFERENCES users(id),
      token_hash {text} NOT NULL UNIQUE,
      family_id {id} NOT NULL,
      issued_at {ts} NOT NULL,
      expires_at {ts} NOT NULL,
      used_at {ts},
      revoked_at {ts}
    ){strict};

    -- Plant ------------------------------------------------------------------------------
    CREATE TABLE workcenters (
      id {id} PRIMARY KEY,
      code {text} NOT NULL UNIQUE,
      type {text} NOT NULL CHECK (type IN ({enum:WorkcenterType})),
      name {text} NOT NULL,
      location {text},
      active_bool {bool} NOT NULL DEFAULT TRUE
    ){strict};

    -- DECISIONS B3: who may run which line, until when.
    CREATE TABLE operator_qualifications (
      id {id} PRIMARY KEY,
      user_id {id} NOT NULL REFERENCES users(id),
      workcenter_id {id} NOT NULL REFERENCES workcenters(id),
      valid_until {ts},
      granted_by {id} REFERENCES users(id),
      granted_at {ts} NOT NULL,
      UNIQUE (user_id, workcenter_id)
    ){strict};

    CREATE TABLE devices (
      id {id} PRIMARY KEY,
      code {text} NOT NULL UNIQUE,
      workcenter_id {id} REFERENCES workcenters(id),
      location_code {text} CHECK (location_code IN ({enum:LocationKind})),
      device_type {text} NOT NULL CHECK (device_type IN ({enum:DeviceType})),
      serial_no {text},
      active_bool {bool} NOT NULL DEFAULT TRUE,
      calibration_due_at {ts},
      last_heartbeat_at {ts},
      ip_allowlist {text}
    ){strict};

    -- The ingest signing key of each device, sealed with a key derived from SERVER_SECRET so a
    -- copy of the database alone cannot forge readings.
    CREATE TABLE device_secrets (
      device_id {id} PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
      key_version {int} NOT NULL,
      sealed_secret {text} NOT NULL,
      fingerprint {text} NOT NULL,
      created_at {ts} NOT NULL
    ){strict};

    CREATE TABLE calibration (
      id {id} PRIMARY KEY,
      device_id {id} NOT NULL REFERENCES devices(id),
      performed_at {ts} NOT NULL,
      valid_until {ts} NOT NULL,
      certificate_no {text},
      by_whom {id} REFERENCES users(id),
      CHECK (valid_until > performed_at)
    ){strict};

    -- Readings of scales (gross_g in grams) and of length counters (the same column holds
    -- millimetres: the gateway sends metres with 3 decimals where a scale sends kilograms).
    CREATE TABLE scale_events (
      id {id} NOT NULL,
      device_id {id} NOT NULL,
      boot_id {int} NOT NULL DEFAULT 0,
      seq {int} NOT NULL,
      ts_device {ts},
      ts_ingested {ts} NOT NULL,
      gross_g {int} NOT NULL CHECK (gross_g >= 0),
      stable_bool {bool} NOT NULL,
      trusted_bool {bool} NOT NULL DEFAULT TRUE,
      late_bool {bool} NOT NULL DEFAULT FALSE,
      bind_ref {json},
      bound_at {ts}
      {pk:ts_ingested}
    ){partitioned:ts_ingested}{strict};
    CREATE INDEX scale_events_ts_ingested ON scale_events (ts_ingested);
    CREATE INDEX scale_events_device_latest ON scale_events (device_id, ts_ingested);

    -- Idempotency key of ingest (DECISIONS B22): unique (device, boot, seq) cannot live on the
    -- day-partitioned table, so it lives here.
    CREATE TABLE scale_event_keys (
      device_id {id} NOT NULL REFERENCES devices(id),
      boot_id {int} NOT NULL,
      seq {int} NOT NULL,
      event_id {id} NOT NULL,
      ts_ingested {ts} NOT NULL,
      PRIMARY KEY (device_id, boot_id, seq)
    ){strict};

    """
}
