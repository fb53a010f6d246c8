/// The whole schema of spec §12 and §16, plus what the flows need and the seed's DDL lacks
/// (DECISIONS A, B). Written once with dialect tokens that `SchemaDialect` expands:
/// `{id}` uuid/TEXT, `{ts}` timestamptz/TEXT, `{json}` jsonb/TEXT, `{bool}`, `{int}`, `{text}`,
/// `{enum:Name}` the values of a Swift enum, `{strict}` SQLite's STRICT tables, and
/// `{partitioned:col}` / `{pk:col}` for the tables PostgreSQL partitions by time.
///
/// Units: every mass is integer grams (`_g`), every percentage integer thousandths of a
/// percent (`_mpct`), lengths micrometres (`_um`), densities milligrams per m² or per m,
/// money minor units (`_minor`), stock quantities thousandths of their uom (`_milli`).
/// Times are UTC.
///
/// Partitioned tables (scale_events, stock_txn, audit_log) take no foreign keys pointing at
/// them: PostgreSQL would demand the partition key in every reference.
enum Schema0001Initial {
    static let id = "202611250400_initial_schema"

    static let sql = """
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

    -- Materials, SKUs, recipes -------------------------------------------------------------
    CREATE TABLE materials (
      id {id} PRIMARY KEY,
      code {text} NOT NULL UNIQUE,
      name {text} NOT NULL,
      category {text} NOT NULL CHECK (category IN ({enum:MaterialCategory})),
      polymer_family {text} CHECK (polymer_family IN ({enum:PolymerFamily})),
      recyclable_bool {bool} NOT NULL DEFAULT TRUE,
      attributes_json {json}
    ){strict};

    CREATE TABLE skus (
      id {id} PRIMARY KEY,
      code {text} NOT NULL UNIQUE,
      name {text} NOT NULL,
      category {text} NOT NULL CHECK (category IN ({enum:SKUCategory})),
      uom_default {text} NOT NULL CHECK (uom_default IN ({enum:UnitOfMeasure})),
      width_um {int} CHECK (width_um > 0),
      thickness_um {int} CHECK (thickness_um > 0),
      kg_per_m2_mg {int} CHECK (kg_per_m2_mg > 0),
      kg_per_m_mg {int} CHECK (kg_per_m_mg > 0),
      mesh_type {text},
      is_recyclable_for_rework_bool {bool} NOT NULL DEFAULT TRUE,
      tolerance_weight_mpct {int} CHECK (tolerance_weight_mpct >= 0),
      tolerance_length_mpct {int} CHECK (tolerance_length_mpct >= 0),
      degaz_required_bool {bool} NOT NULL DEFAULT FALSE,
      -- DECISIONS B14: a VT SKU names the MAIN material its batches become.
      vt_material_id {id} REFERENCES materials(id)
    ){strict};

    CREATE TABLE material_batches (
      id {id} PRIMARY KEY,
      material_id {id} NOT NULL REFERENCES materials(id),
      batch_no {text} NOT NULL,
      received_at {ts},
      supplier {text},
      quality_cert_no {text},
      UNIQUE (material_id, batch_no)
    ){strict};

    CREATE TABLE recipes (
      id {id} PRIMARY KEY,
      sku_id {id} NOT NULL REFERENCES skus(id),
      version {int} NOT NULL DEFAULT 1 CHECK (version >= 1),
      vt_limit_mpct {int} CHECK (vt_limit_mpct BETWEEN 0 AND 100000),
      status {text} NOT NULL DEFAULT 'draft' CHECK (status IN ({enum:RecipeStatus})),
      published_at {ts},
      published_by {id} REFERENCES users(id),
      UNIQUE (sku_id, version),
      -- DECISIONS B16: no published recipe without a VT limit.
      CHECK (status <> 'published' OR vt_limit_mpct IS NOT NULL)
    ){strict};

    CREATE TABLE recipe_lines (
      id {id} PRIMARY KEY,
      recipe_id {id} NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
      material_id {id} NOT NULL REFERENCES materials(id),
      comp_type {text} NOT NULL CHECK (comp_type IN ({enum:ComponentType})),
      ratio_mpct {int} CHECK (ratio_mpct BETWEEN 0 AND 100000),
      ratio_per_kg_ppm {int} CHECK (ratio_per_kg_ppm >= 0),
      is_optional_bool {bool} NOT NULL DEFAULT FALSE,
      UNIQUE (recipe_id, material_id)
    ){strict};

    -- KPI plan norms per SKU × workcenter (DECISIONS B26).
    CREATE TABLE plan_norms (
      id {id} PRIMARY KEY,
      sku_id {id} NOT NULL REFERENCES skus(id),
      workcenter_id {id} NOT NULL REFERENCES workcenters(id),
      plan_24h_milli {int} NOT NULL CHECK (plan_24h_milli > 0),
      plan_uom {text} NOT NULL CHECK (plan_uom IN ({enum:UnitOfMeasure})),
      norm_crew {int} NOT NULL CHECK (norm_crew > 0),
      shift_hours {int} NOT NULL CHECK (shift_hours BETWEEN 1 AND 24),
      UNIQUE (sku_id, workcenter_id)
    ){strict};

    -- Stock ------------------------------------------------------------------------------
    CREATE TABLE stock_locations (
      id {id} PRIMARY KEY,
      code {text} NOT NULL UNIQUE,
      kind {text} NOT NULL CHECK (kind IN ({enum:LocationKind})),
      name {text} NOT NULL,
      zone {text}
    ){strict};

    CREATE TABLE stock_items (
      id {id} PRIMARY KEY,
      location_id {id} NOT NULL REFERENCES stock_locations(id),
      item_type {text} NOT NULL CHECK (item_type IN ({enum:StockItemType})),
      material_id {id} REFERENCES materials(id),
      sku_id {id} REFERENCES skus(id),
      batch_no {text},
      qty_milli {int} NOT NULL DEFAULT 0 CHECK (qty_milli >= 0),
      uom {text} NOT NULL CHECK (uom IN ({enum:UnitOfMeasure})),
      degaz_status {text} CHECK (degaz_status IN ({enum:DegazStatus})),
      CHECK ((material_id IS NULL) <> (sku_id IS NULL))
    ){strict};
    CREATE UNIQUE INDEX stock_items_position ON stock_items
      (location_id, item_type, COALESCE(material_id, sku_id), COALESCE(batch_no, ''));

    -- DECISIONS B17: the shop head's request to MAIN is a record of its own.
    CREATE TABLE shop_requests (
      id {id} PRIMARY KEY,
      requested_by {id} NOT NULL REFERENCES users(id),
      requested_at {ts} NOT NULL,
      status {text} NOT NULL DEFAULT 'open' CHECK (status IN ('open','fulfilled','cancelled')),
      lines_json {json} NOT NULL,
      note {text}
    ){strict};

    -- Transfer headers: a shipment is in transit between its two weighings.
    CREATE TABLE stock_transfers (
      id {id} PRIMARY KEY,
      direction {text} NOT NULL CHECK (direction IN ({enum:TransferDirection})),
      status {text} NOT NULL DEFAULT 'in_transit' CHECK (status IN ({enum:TransferStatus})),
      from_location_id {id} NOT NULL REFERENCES stock_locations(id),
      to_location_id {id} NOT NULL REFERENCES stock_locations(id),
      request_id {id} REFERENCES shop_requests(id),
      comment {text},
      created_by {id} NOT NULL REFERENCES users(id),
      created_at {ts} NOT NULL,
      received_by {id} REFERENCES users(id),
      received_at {ts},
      CHECK (from_location_id <> to_location_id)
    ){strict};
    CREATE INDEX stock_transfers_status ON stock_transfers (status, created_at);

    CREATE TABLE stock_transfer_lines (
      id {id} PRIMARY KEY,
      transfer_id {id} NOT NULL REFERENCES stock_transfers(id) ON DELETE CASCADE,
      material_id {id} NOT NULL REFERENCES materials(id),
      batch_no {text} NOT NULL,
      sent_g {int} NOT NULL CHECK (sent_g > 0),
      sent_device_id {id} NOT NULL REFERENCES devices(id),
      sent_event_id {id} NOT NULL,
      received_g {int} CHECK (received_g > 0),
      received_device_id {id} REFERENCES devices(id),
      received_event_id {id}
    ){strict};

    CREATE TABLE stock_txn (
      id {id} NOT NULL,
      type {text} NOT NULL CHECK (type IN ({enum:StockTxnType})),
      from_location_id {id} REFERENCES stock_locations(id),
      to_location_id {id} REFERENCES stock_locations(id),
      item_type {text} NOT NULL CHECK (item_type IN ({enum:StockItemType})),
      material_id {id} REFERENCES materials(id),
      sku_id {id} REFERENCES skus(id),
      batch_no {text},
      qty_milli {int} NOT NULL,
      uom {text} NOT NULL CHECK (uom IN ({enum:UnitOfMeasure})),
      ts {ts} NOT NULL,
      by_user {id} REFERENCES users(id),
      session_id {id},
      scale_event_id {id},
      weight_trusted_bool {bool} NOT NULL DEFAULT TRUE,
      ref_doc {json},
      CHECK ((material_id IS NULL) <> (sku_id IS NULL)),
      CHECK (qty_milli > 0 OR (type = 'SHOP_SNAPSHOT' AND qty_milli = 0))
      {pk:ts}
    ){partitioned:ts}{strict};
    CREATE INDEX stock_txn_type_ts ON stock_txn (type, ts);
    CREATE INDEX stock_txn_session ON stock_txn (session_id);

    -- Production -------------------------------------------------------------------------
    CREATE TABLE sessions (
      id {id} PRIMARY KEY,
      workcenter_id {id} NOT NULL REFERENCES workcenters(id),
      sku_id {id} NOT NULL REFERENCES skus(id),
      recipe_id {id} NOT NULL REFERENCES recipes(id),
      partiya_no {text} NOT NULL,
      shift {text} NOT NULL CHECK (shift IN ({enum:Shift})),
      status {text} NOT NULL DEFAULT 'opened' CHECK (status IN ({enum:SessionStatus})),
      pause_reason {text},
      started_at {ts} NOT NULL,
      ended_at {ts},
      opened_by {id} REFERENCES users(id),
      recipe_snapshot_json {json} NOT NULL
    ){strict};
    CREATE INDEX sessions_status ON sessions (status, workcenter_id);

    -- The spec's operators[] as rows, so both engines can count an operator's open lines.
    CREATE TABLE session_operators (
      session_id {id} NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      user_id {id} NOT NULL REFERENCES users(id),
      PRIMARY KEY (session_id, user_id)
    ){strict};
    CREATE INDEX session_operators_user ON session_operators (user_id);

    -- DECISIONS B15: material weighed out of SHOP into a session.
    CREATE TABLE session_input_link (
      id {id} PRIMARY KEY,
      session_id {id} NOT NULL REFERENCES sessions(id),
      stock_txn_id {id} NOT NULL,
      material_id {id} NOT NULL REFERENCES materials(id),
      comp_type {text} NOT NULL CHECK (comp_type IN ({enum:ComponentType})),
      qty_g {int} NOT NULL CHECK (qty_g > 0),
      created_at {ts} NOT NULL
    ){strict};
    CREATE INDEX session_input_link_session ON session_input_link (session_id);

    CREATE TABLE packages (
      id {id} PRIMARY KEY,
      session_id {id} NOT NULL REFERENCES sessions(id),
      sku_id {id} NOT NULL REFERENCES skus(id),
      parent_package_id {id} REFERENCES packages(id),
      qr_code {text} NOT NULL UNIQUE,
      weight_g {int} NOT NULL CHECK (weight_g >= 0),
      weight_trusted_bool {bool} NOT NULL DEFAULT TRUE,
      scale_event_id {id},
      manual_reason {text},
      length_um {int} CHECK (length_um >= 0),
      length_mode {text} CHECK (length_mode IN ({enum:LengthMode})),
      length_trusted_bool {bool},
      tolerance_status {text} NOT NULL CHECK (tolerance_status IN ({enum:ToleranceStatus})),
      status {text} NOT NULL DEFAULT 'awaiting_qc' CHECK (status IN ({enum:PackageStatus})),
      degaz_status {text} CHECK (degaz_status IN ({enum:DegazStatus})),
      location_id {id} REFERENCES stock_locations(id),
      created_by {id} REFERENCES users(id),
      created_at {ts} NOT NULL,
      updated_at {ts} NOT NULL
    ){strict};
    CREATE INDEX packages_status_created ON packages (status, created_at DESC);
    CREATE INDEX packages_session ON packages (session_id);

    -- The per-day QR counter (plant day), advanced inside the packing transaction.
    CREATE TABLE qr_sequences (
      day {text} PRIMARY KEY,
      last_no {int} NOT NULL CHECK (last_no >= 0)
    ){strict};

    CREATE TABLE qc_records (
      id {id} PRIMARY KEY,
      package_id {id} NOT NULL UNIQUE REFERENCES packages(id) ON DELETE CASCADE,
      inspector_id {id} NOT NULL REFERENCES users(id),
      decision {text} NOT NULL CHECK (decision IN ({enum:QCDecision})),
      protocol_json {json},
      e_pechat_hash {text} NOT NULL,
      ts {ts} NOT NULL
    ){strict};

    CREATE TABLE session_balance (
      id {id} PRIMARY KEY,
      session_id {id} NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
      input_g {int} NOT NULL,
      good_g {int} NOT NULL,
      wip_g {int} NOT NULL,
      scrap_expected_g {int} NOT NULL,
      rework_in_linked_g {int} NOT NULL DEFAULT 0,
      disposed_linked_g {int} NOT NULL DEFAULT 0,
      outstanding_g {int} NOT NULL DEFAULT 0,
      delta_session_g {int} NOT NULL DEFAULT 0 CHECK (delta_session_g >= 0),
      limit_g {int} NOT NULL CHECK (limit_g >= 0),
      computed_at {ts} NOT NULL,
      closed_by {id} REFERENCES users(id),
      -- §12.3 session_delta_check: a stored (closing) balance is within its limit.
      CHECK (delta_session_g <= limit_g)
    ){strict};
    CREATE INDEX session_balance_delta ON session_balance (delta_session_g) WHERE delta_session_g > 0;

    -- Scrap attributed to a session, measured on a scale (DECISIONS B11): containers from the
    -- line, rejected packages and reject parts. Outstanding = net − what FIFO linked.
    CREATE TABLE scrap_lots (
      id {id} PRIMARY KEY,
      session_id {id} NOT NULL REFERENCES sessions(id),
      source {text} NOT NULL CHECK (source IN ({enum:ScrapSource})),
      package_id {id} REFERENCES packages(id),
      seal_no {text},
      gross_g {int} NOT NULL CHECK (gross_g >= 0),
      tare_g {int} NOT NULL DEFAULT 0 CHECK (tare_g >= 0),
      net_g {int} NOT NULL CHECK (net_g > 0),
      scale_event_id {id},
      weight_trusted_bool {bool} NOT NULL DEFAULT TRUE,
      recyclable_bool {bool} NOT NULL DEFAULT TRUE,
      created_by {id} REFERENCES users(id),
      created_at {ts} NOT NULL,
      CHECK (net_g = gross_g - tare_g)
    ){strict};
    CREATE INDEX scrap_lots_session ON scrap_lots (session_id, created_at);

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
