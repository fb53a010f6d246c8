/// PostgreSQL's time partitions (spec §8.3, §16; DECISIONS B22): scale_events by day,
/// stock_txn and audit_log by month, each with a default partition so that no insert is ever
/// lost when the partitions ahead were not created in time. SQLite keeps the plain tables.
enum Schema0002Partitions {
    static let id = "202611250401_time_partitions"

    static func sql(for backend: Backend) -> String {
        guard backend == .postgres else { return "" }
        return """
        CREATE TABLE scale_events_default PARTITION OF scale_events DEFAULT;
        CREATE TABLE stock_txn_default PARTITION OF stock_txn DEFAULT;
        CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;

        -- Creates the partition of `parent` that holds `at`, unless it exists or rows for its
        -- range already sit in the default partition (then it would fail; those rows stay
        -- readable where they are). Returns the new partition's name, or NULL.
        CREATE OR REPLACE FUNCTION factory_create_partition(parent text, unit text, at timestamptz)
        RETURNS text LANGUAGE plpgsql AS $fn$
        DECLARE
          lower_bound timestamptz := date_trunc(unit, at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
          upper_bound timestamptz := lower_bound + ('1 ' || unit)::interval;
          suffix text := to_char(lower_bound AT TIME ZONE 'UTC', CASE unit WHEN 'day' THEN 'YYYYMMDD' ELSE 'YYYYMM' END);
          partition_name text := parent || '_' || suffix;
          key_column text := CASE parent WHEN 'scale_events' THEN 'ts_ingested' ELSE 'ts' END;
          occupied boolean;
        BEGIN
          IF to_regclass(partition_name) IS NOT NULL THEN
            RETURN NULL;
          END IF;
          EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)',
                         parent || '_default', key_column, key_column)
            INTO occupied USING lower_bound, upper_bound;
          IF occupied THEN
            RETURN NULL;
          END IF;
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                         partition_name, parent, lower_bound, upper_bound);
          RETURN partition_name;
        END
        $fn$;

        -- The partitions around `at`: scale_events from a day back to `days_ahead` days ahead,
        -- the monthly tables from a month back to `months_ahead` months ahead.
        CREATE OR REPLACE FUNCTION factory_ensure_partitions(at timestamptz, days_ahead int, months_ahead int)
        RETURNS SETOF text LANGUAGE plpgsql AS $fn$
        DECLARE
          i int;
          created text;
        BEGIN
          FOR i IN -1..days_ahead LOOP
            created := factory_create_partition('scale_events', 'day', at + make_interval(days => i));
            IF created IS NOT NULL THEN RETURN NEXT created; END IF;
          END LOOP;
          FOR i IN -1..months_ahead LOOP
            created := factory_create_partition('stock_txn', 'month', at + make_interval(months => i));
            IF created IS NOT NULL THEN RETURN NEXT created; END IF;
            created := factory_create_partition('audit_log', 'month', at + make_interval(months => i));
            IF created IS NOT NULL THEN RETURN NEXT created; END IF;
          END LOOP;
        END
        $fn$;
        """
    }
}
