/// What the Bitrix24 worker did with a queue item: the records it created or found in the
/// portal (or, in a dry run, what it would have sent) and when it finished, so that the
/// integrator reads the outcome beside the attempts; and the index the worker's poll uses.
enum Schema0011IntegrationResults {
    static let id = "202612052130_integration_results"

    static let sql = """
    ALTER TABLE integration_queue ADD COLUMN result_json {json};
    ALTER TABLE integration_queue ADD COLUMN sent_at {ts};
    CREATE INDEX integration_queue_due ON integration_queue (status, next_try_at);
    """
}
