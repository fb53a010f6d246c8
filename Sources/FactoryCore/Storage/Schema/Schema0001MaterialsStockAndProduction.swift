extension Schema0001Initial {
    /// Materials, SKUs, recipes, plan norms, stock, sessions, packages, QC and balances.
    static let materialsStockAndProduction = """
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

    """
}
