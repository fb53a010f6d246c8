/// Report jobs as the worker runs them: the shift report joins the types (the table never held a
/// row before this, so it is made anew rather than altered, which SQLite cannot do to a CHECK),
/// and a job keeps its language, when it started, how many rows and bytes it wrote, the file's
/// name for the reader and the notes (a row limit reached) that end the file. The reports read
/// decisions and balances by period, through two indexes.
enum Schema0012ReportJobs {
    static let id = "202612060020_report_jobs"

    static let sql = """
    DROP TABLE report_jobs;
    CREATE TABLE report_jobs (
      id {id} PRIMARY KEY,
      type {text} NOT NULL CHECK (type IN ({enum:ReportType})),
      filters_json {json} NOT NULL,
      format {text} NOT NULL CHECK (format IN ({enum:ReportFormat})),
      language {text} NOT NULL,
      status {text} NOT NULL DEFAULT 'queued' CHECK (status IN ({enum:ReportJobStatus})),
      file_ref {text},
      file_name {text},
      rows_written {int},
      bytes {int},
      notes_json {json},
      error {text},
      created_by {id} NOT NULL REFERENCES users(id),
      created_at {ts} NOT NULL,
      started_at {ts},
      finished_at {ts},
      expires_at {ts}
    ){strict};
    CREATE INDEX report_jobs_queue ON report_jobs (status, created_at);
    -- The reports read QC decisions and closed balances by period, in time order.
    CREATE INDEX qc_records_ts ON qc_records (ts);
    CREATE INDEX session_balance_computed ON session_balance (computed_at);
    """
}
