extension Schema0001Initial {
    /// Rework and VT, finished goods, Bitrix24, KPI and payroll, approvals, audit, gates, alerts, reports.
    static let reworkIntegrationAndControl = """
    -- Rework (grinder) and VT ------------------------------------------------------------------
    CREATE TABLE rework_orders (
      id {id} PRIMARY KEY,
      type {text} NOT NULL CHECK (type IN ({enum:ReworkOrderType})),
      opened_by {id} REFERENCES users(id),
      opened_at {ts} NOT NULL,
      notes {text},
      status {text} NOT NULL DEFAULT 'opened' CHECK (status IN ({enum:ReworkOrderStatus})),
      in_total_g {int} NOT NULL DEFAULT 0 CHECK (in_total_g >= 0),
      out_total_g {int} CHECK (out_total_g >= 0),
      loss_mpct {int},
      closed_at {ts}
    ){strict};

    -- One row per container taken IN (DECISIONS B13), and one row for the OUT weighing.
    CREATE TABLE rework_io (
      id {id} PRIMARY KEY,
      rework_order_id {id} NOT NULL REFERENCES rework_orders(id) ON DELETE CASCADE,
      direction {text} NOT NULL CHECK (direction IN ('in','out')),
      seal_no {text},
      device_id {id} REFERENCES devices(id),
      scale_event_id {id},
      gross_g {int} NOT NULL CHECK (gross_g >= 0),
      tare_g {int} NOT NULL DEFAULT 0 CHECK (tare_g >= 0),
      net_g {int} NOT NULL CHECK (net_g > 0),
      source_session_id {id} REFERENCES sessions(id),
      source_package_id {id} REFERENCES packages(id),
      at {ts} NOT NULL,
      by_user {id} REFERENCES users(id),
      CHECK (net_g = gross_g - tare_g)
    ){strict};

    CREATE TABLE vt_batches (
      id {id} PRIMARY KEY,
      rework_order_id {id} NOT NULL REFERENCES rework_orders(id),
      sku_id {id} NOT NULL REFERENCES skus(id),
      material_batch_id {id} REFERENCES material_batches(id),
      qty_g {int} NOT NULL CHECK (qty_g > 0),
      location_id {id} NOT NULL REFERENCES stock_locations(id),
      created_at {ts} NOT NULL
    ){strict};

    CREATE TABLE disposed_log (
      id {id} PRIMARY KEY,
      rework_order_id {id} REFERENCES rework_orders(id),
      reason {text},
      qty_g {int} NOT NULL CHECK (qty_g > 0),
      scale_event_id {id},
      ts {ts} NOT NULL,
      by_user {id} REFERENCES users(id)
    ){strict};

    -- FIFO: which grinder IN or disposal took which session scrap (DECISIONS B12).
    CREATE TABLE scrap_links (
      id {id} PRIMARY KEY,
      scrap_lot_id {id} NOT NULL REFERENCES scrap_lots(id),
      session_id {id} NOT NULL REFERENCES sessions(id),
      rework_io_id {id} REFERENCES rework_io(id),
      disposed_id {id} REFERENCES disposed_log(id),
      qty_g {int} NOT NULL CHECK (qty_g > 0),
      mode {text} NOT NULL CHECK (mode IN ('auto','manual')),
      linked_at {ts} NOT NULL,
      linked_by {id} REFERENCES users(id),
      CHECK ((rework_io_id IS NULL) <> (disposed_id IS NULL))
    ){strict};
    CREATE INDEX scrap_links_session ON scrap_links (session_id);
    CREATE INDEX scrap_links_lot ON scrap_links (scrap_lot_id);

    -- Finished goods ----------------------------------------------------------------------
    -- Quarantine of a physical package: a refused FG scan (with its gate) or a package whose
    -- SKU has no usable weight norm (no gate; reason_code no_conversion).
    CREATE TABLE on_hold (
      id {id} PRIMARY KEY,
      package_id {id} REFERENCES packages(id),
      qr_code {text} NOT NULL,
      gate_type {text} CHECK (gate_type IN ({enum:GateType})),
      reason_code {text} NOT NULL,
      reason {text} NOT NULL,
      created_by {id} REFERENCES users(id),
      created_at {ts} NOT NULL,
      released_at {ts},
      released_by {id} REFERENCES users(id),
      release_reason {text}
    ){strict};
    CREATE INDEX on_hold_open ON on_hold (qr_code) WHERE released_at IS NULL;

    -- Integration (Bitrix24) -----------------------------------------------------------------
    CREATE TABLE integration_mapping (
      id {id} PRIMARY KEY,
      external_system {text} NOT NULL CHECK (external_system = 'bitrix'),
      entity {text} NOT NULL CHECK (entity IN ('user','order','attendance')),
      external_id {text} NOT NULL,
      internal_id {id},
      meta_json {json},
      UNIQUE (external_system, entity, external_id)
    ){strict};

    CREATE TABLE integration_queue (
      id {id} PRIMARY KEY,
      direction {text} NOT NULL CHECK (direction IN ({enum:IntegrationDirection})),
      entity {text} NOT NULL CHECK (entity IN ({enum:IntegrationEntity})),
      operation {text} NOT NULL CHECK (operation IN ({enum:IntegrationOperation})),
      payload_json {json} NOT NULL,
      payload_hash {text} NOT NULL,
      status {text} NOT NULL DEFAULT 'pending' CHECK (status IN ({enum:IntegrationStatus})),
      error_msg {text},
      retry_count {int} NOT NULL DEFAULT 0,
      created_at {ts} NOT NULL,
      last_try_at {ts},
      next_try_at {ts}
    ){strict};
    CREATE INDEX integration_queue_status_try ON integration_queue (status, last_try_at);
    CREATE UNIQUE INDEX integration_queue_export_once ON integration_queue (payload_hash) WHERE operation = 'export';

    -- Bitrix orders and attendance pulled for KPI and payroll.
    CREATE TABLE attendance (
      id {id} PRIMARY KEY,
      user_id {id} NOT NULL REFERENCES users(id),
      day {text} NOT NULL,
      shift {text} CHECK (shift IN ({enum:Shift})),
      workcenter_id {id} REFERENCES workcenters(id),
      minutes {int} NOT NULL CHECK (minutes >= 0),
      external_id {text},
      UNIQUE (user_id, day, shift)
    ){strict};

    CREATE TABLE orders (
      id {id} PRIMARY KEY,
      external_id {text} UNIQUE,
      partiya_no {text} NOT NULL UNIQUE,
      sku_id {id} REFERENCES skus(id),
      qty_milli {int} CHECK (qty_milli > 0),
      due_at {ts},
      title {text}
    ){strict};

    -- KPI and payroll -------------------------------------------------------------------------
    CREATE TABLE kpi_config (
      id {id} PRIMARY KEY,
      bonus_100_minor {int} NOT NULL CHECK (bonus_100_minor >= 0),
      cap_mpct {int} NOT NULL DEFAULT 100000 CHECK (cap_mpct > 0),
      penalties_json {json},
      allow_manual_bool {bool} NOT NULL DEFAULT FALSE,
      valid_from {ts} NOT NULL
    ){strict};

    CREATE TABLE kpi_snapshot (
      id {id} PRIMARY KEY,
      period_start {ts} NOT NULL,
      period_end {ts} NOT NULL,
      workcenter_id {id} REFERENCES workcenters(id),
      shift {text} CHECK (shift IN ({enum:Shift})),
      crew_json {json},
      plan_unit_milli {int},
      fact_unit_milli {int},
      ach_mpct {int},
      bonus_amount_minor {int},
      status {text} NOT NULL DEFAULT 'draft' CHECK (status IN ({enum:SnapshotStatus})),
      approved_by {id} REFERENCES users(id),
      approved_at {ts},
      CHECK (period_end > period_start)
    ){strict};

    CREATE TABLE payroll_snapshot (
      id {id} PRIMARY KEY,
      month {text} NOT NULL,
      user_id {id} NOT NULL REFERENCES users(id),
      base_salary_minor {int} NOT NULL DEFAULT 0,
      kpi_bonus_minor {int} NOT NULL DEFAULT 0,
      avans_minor {int} NOT NULL DEFAULT 0,
      penalties_minor {int} NOT NULL DEFAULT 0,
      net_pay_minor {int} NOT NULL DEFAULT 0,
      status {text} NOT NULL DEFAULT 'draft' CHECK (status IN ({enum:SnapshotStatus})),
      approved_by {id} REFERENCES users(id),
      approved_at {ts},
      exported_to_bitrix_bool {bool} NOT NULL DEFAULT FALSE,
      UNIQUE (month, user_id)
    ){strict};

    -- Control: approvals, audit, gates, alerts, reports ------------------------------------
    CREATE TABLE approvals (
      id {id} PRIMARY KEY,
      type {text} NOT NULL CHECK (type IN ({enum:ApprovalType})),
      object_type {text} NOT NULL,
      object_id {id} NOT NULL,
      requested_by {id} NOT NULL REFERENCES users(id),
      requested_at {ts} NOT NULL,
      state {text} NOT NULL DEFAULT 'pending' CHECK (state IN ({enum:ApprovalState})),
      steps_required {int} NOT NULL DEFAULT 1 CHECK (steps_required >= 1),
      steps_done {int} NOT NULL DEFAULT 0 CHECK (steps_done >= 0),
      approver_id {id} REFERENCES users(id),
      approved_at {ts},
      comment {text},
      payload_json {json},
      CHECK (steps_done <= steps_required)
    ){strict};
    CREATE INDEX approvals_pending ON approvals (type, requested_at) WHERE state = 'pending';
    CREATE INDEX approvals_object ON approvals (object_type, object_id);

    -- DECISIONS B21: ordered approval steps (re-open: shop head → technologist → director).
    CREATE TABLE approval_steps (
      approval_id {id} NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
      step_no {int} NOT NULL CHECK (step_no >= 1),
      role {text} NOT NULL CHECK (role IN ({enum:Position})),
      user_id {id} NOT NULL REFERENCES users(id),
      decision {text} NOT NULL CHECK (decision IN ('approved','rejected')),
      decided_at {ts} NOT NULL,
      comment {text},
      PRIMARY KEY (approval_id, step_no)
    ){strict};

    -- The signed log. `diff_json` is text, not jsonb, on both engines: the signature covers
    -- its exact bytes, which jsonb would reorder.
    CREATE TABLE audit_log (
      id {id} NOT NULL,
      seq {int} NOT NULL,
      actor_id {id},
      role {text},
      ts {ts} NOT NULL,
      action {text} NOT NULL,
      object_type {text} NOT NULL,
      object_id {text},
      old_new_diff_json {text} NOT NULL,
      sig_hash {text} NOT NULL
      {pk:ts}
    ){partitioned:ts}{strict};
    CREATE INDEX audit_log_ts ON audit_log (ts);
    CREATE INDEX audit_log_seq ON audit_log (seq);
    CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

    -- The head of the chain: its row lock orders concurrent appends, and it remembers the last
    -- signature so cutting rows off the end is caught too.
    CREATE TABLE audit_chain_head (
      id {int} PRIMARY KEY CHECK (id = 1),
      last_seq {int} NOT NULL,
      last_sig {text} NOT NULL
    ){strict};
    INSERT INTO audit_chain_head (id, last_seq, last_sig) VALUES (1, 0, '');

    CREATE TABLE gate_log (
      id {id} PRIMARY KEY,
      gate_type {text} NOT NULL CHECK (gate_type IN ({enum:GateType})),
      object_type {text} NOT NULL,
      object_id {text} NOT NULL,
      object_ref {json},
      ts {ts} NOT NULL,
      opened_by {id} REFERENCES users(id),
      released_at {ts},
      released_by {id} REFERENCES users(id),
      note {text},
      release_note {text}
    ){strict};
    CREATE INDEX gate_log_open ON gate_log (gate_type, released_at) WHERE released_at IS NULL;
    CREATE INDEX gate_log_object ON gate_log (object_type, object_id);

    CREATE TABLE alerts (
      id {id} PRIMARY KEY,
      severity {text} NOT NULL CHECK (severity IN ({enum:AlertSeverity})),
      metric_code {text} NOT NULL,
      value_milli {int},
      threshold_milli {int},
      ts {ts} NOT NULL,
      routed_to {json} NOT NULL,
      status {text} NOT NULL DEFAULT 'open' CHECK (status IN ({enum:AlertStatus})),
      closed_at {ts}
    ){strict};
    CREATE INDEX alerts_open ON alerts (severity, ts) WHERE status <> 'closed';

    CREATE TABLE report_jobs (
      id {id} PRIMARY KEY,
      type {text} NOT NULL CHECK (type IN ({enum:ReportType})),
      filters_json {json},
      format {text} NOT NULL CHECK (format IN ({enum:ReportFormat})),
      status {text} NOT NULL DEFAULT 'queued' CHECK (status IN ({enum:ReportJobStatus})),
      file_ref {text},
      error {text},
      created_by {id} REFERENCES users(id),
      created_at {ts} NOT NULL,
      finished_at {ts},
      expires_at {ts}
    ){strict};
    """
}
