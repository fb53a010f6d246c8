/// A run of wrong passwords or PINs on one account, and until when it locks that credential
/// (`Lockout`): kept in the database because the API and every kiosk check the same people.
enum Schema0007CredentialLockouts {
    static let id = "202612041730_credential_lockouts"

    static let sql = """
    CREATE TABLE credential_lockouts (
      user_id {id} NOT NULL REFERENCES users(id),
      kind {text} NOT NULL CHECK (kind IN ('password', 'pin')),
      failures {int} NOT NULL,
      last_failed_at {ts} NOT NULL,
      locked_until {ts},
      PRIMARY KEY (user_id, kind)
    ){strict};
    """
}
