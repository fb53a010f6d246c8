/// KPI and payroll as versioned snapshots (M11, DECISIONS B5, B26). The first schema's
/// one-row-per-shift `kpi_snapshot` and one-row-per-person `payroll_snapshot` could be neither
/// approved as a whole nor corrected without being changed, and were never written: they are
/// replaced by a header per period (or month) and version, with its lines beside it. A
/// correction is a new version that names the one it supersedes and why; an approved version
/// is never updated.
enum Schema0010KPIAndPayroll {
    static let id = "202612051500_kpi_and_payroll"

    static let sql = """
    DROP TABLE payroll_snapshot;
    DROP TABLE kpi_snapshot;

    CREATE TABLE kpi_snapshot (
      id {id} PRIMARY KEY,
      period_start {ts} NOT NULL,
      period_end {ts} NOT NULL,
      -- The line it covers, or NULL for every line; `scope` spells it for uniqueness ('*' or the code).
      workcenter_id {id} REFERENCES workcenters(id),
      scope {text} NOT NULL,
      version {int} NOT NULL CHECK (version >= 1),
      supersedes_id {id} REFERENCES kpi_snapshot(id),
      reason {text},
      status {text} NOT NULL DEFAULT 'draft' CHECK (status IN ({enum:SnapshotStatus})),
      bonus_100_minor {int} NOT NULL,
      cap_mpct {int} NOT NULL,
      allow_manual_bool {bool} NOT NULL,
      bonus_total_minor {int} NOT NULL,
      generated_by {id} NOT NULL REFERENCES users(id),
      generated_at {ts} NOT NULL,
      approved_by {id} REFERENCES users(id),
      approved_at {ts},
      CHECK (period_end > period_start),
      UNIQUE (period_start, period_end, scope, version)
    ){strict};

    CREATE TABLE kpi_shift_results (
      id {id} PRIMARY KEY,
      snapshot_id {id} NOT NULL REFERENCES kpi_snapshot(id) ON DELETE CASCADE,
      shift_start {ts} NOT NULL,
      day {text} NOT NULL,
      shift {text} NOT NULL CHECK (shift IN ({enum:Shift})),
      workcenter_id {id} NOT NULL REFERENCES workcenters(id),
      uom {text} NOT NULL CHECK (uom IN ({enum:UnitOfMeasure})),
      actual_crew {int} NOT NULL CHECK (actual_crew >= 0),
      plan_unit_milli {int} NOT NULL CHECK (plan_unit_milli >= 0),
      fact_unit_milli {int} NOT NULL CHECK (fact_unit_milli >= 0),
      ach_mpct {int} NOT NULL CHECK (ach_mpct >= 0),
      bonus_minor {int} NOT NULL CHECK (bonus_minor >= 0),
      -- Per SKU: code, plan_24h, norm_crew, shift_hours, plan and fact.
      parts_json {json} NOT NULL,
      note {text},
      UNIQUE (snapshot_id, shift_start, workcenter_id)
    ){strict};

    CREATE TABLE kpi_crew_shares (
      result_id {id} NOT NULL REFERENCES kpi_shift_results(id) ON DELETE CASCADE,
      snapshot_id {id} NOT NULL REFERENCES kpi_snapshot(id) ON DELETE CASCADE,
      user_id {id} NOT NULL REFERENCES users(id),
      minutes {int} NOT NULL CHECK (minutes >= 0),
      share_minor {int} NOT NULL CHECK (share_minor >= 0),
      PRIMARY KEY (result_id, user_id)
    ){strict};

    -- What a snapshot left out of the fact, and why: a typed weight nobody overrode, a session
    -- not yet closed, a roll QC has not decided.
    CREATE TABLE kpi_exclusions (
      snapshot_id {id} NOT NULL REFERENCES kpi_snapshot(id) ON DELETE CASCADE,
      package_id {id} NOT NULL REFERENCES packages(id),
      workcenter_id {id} NOT NULL REFERENCES workcenters(id),
      shift_start {ts} NOT NULL,
      quantity_milli {int} NOT NULL,
      reason {text} NOT NULL CHECK (reason IN ('manual_weight', 'manual_length', 'session_open', 'pending_qc', 'no_norm')),
      PRIMARY KEY (snapshot_id, package_id)
    ){strict};

    -- A person's month: base salary and the advance already paid.
    CREATE TABLE pay_rates (
      user_id {id} NOT NULL REFERENCES users(id),
      month {text} NOT NULL,
      base_salary_minor {int} NOT NULL CHECK (base_salary_minor >= 0),
      avans_minor {int} NOT NULL DEFAULT 0 CHECK (avans_minor >= 0),
      updated_at {ts} NOT NULL,
      PRIMARY KEY (user_id, month)
    ){strict};

    -- Penalties as counted events of a kind the KPI configuration prices (kpi_config.penalties_json).
    CREATE TABLE penalties (
      id {id} PRIMARY KEY,
      user_id {id} NOT NULL REFERENCES users(id),
      month {text} NOT NULL,
      kind {text} NOT NULL,
      count {int} NOT NULL CHECK (count > 0),
      note {text},
      recorded_by {id} NOT NULL REFERENCES users(id),
      recorded_at {ts} NOT NULL
    ){strict};
    CREATE INDEX penalties_month ON penalties (month, user_id);

    CREATE TABLE payroll_snapshot (
      id {id} PRIMARY KEY,
      month {text} NOT NULL,
      version {int} NOT NULL CHECK (version >= 1),
      supersedes_id {id} REFERENCES payroll_snapshot(id),
      reason {text},
      status {text} NOT NULL DEFAULT 'draft' CHECK (status IN ({enum:SnapshotStatus})),
      include_avans_bool {bool} NOT NULL,
      net_total_minor {int} NOT NULL,
      generated_by {id} NOT NULL REFERENCES users(id),
      generated_at {ts} NOT NULL,
      approved_by {id} REFERENCES users(id),
      approved_at {ts},
      exported_to_bitrix_bool {bool} NOT NULL DEFAULT FALSE,
      UNIQUE (month, version)
    ){strict};

    CREATE TABLE payroll_lines (
      snapshot_id {id} NOT NULL REFERENCES payroll_snapshot(id) ON DELETE CASCADE,
      user_id {id} NOT NULL REFERENCES users(id),
      base_salary_minor {int} NOT NULL,
      kpi_bonus_minor {int} NOT NULL,
      avans_minor {int} NOT NULL,
      penalties_minor {int} NOT NULL,
      net_pay_minor {int} NOT NULL,
      PRIMARY KEY (snapshot_id, user_id)
    ){strict};
    """
}
